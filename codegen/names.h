// Naming rules for generated C++: CamelCase type names and safe identifiers.
#pragma once

#include <string>
#include <string_view>

namespace ntpmon::sqlgen {

// "server_scores" -> "ServerScores", "ip_version" -> "IpVersion".
std::string camel_case(std::string_view snake);
bool is_cpp_keyword(std::string_view word);
// [A-Za-z_][A-Za-z0-9_]*
bool is_identifier(std::string_view word);
// The word, with '_' appended when it is a C++ keyword.
std::string cpp_identifier(std::string_view word);

}  // namespace ntpmon::sqlgen
