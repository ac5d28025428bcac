#pragma once
// Building JSON text by hand, with the exact string and number encoding of Go's
// encoding/json (spec scores-api.md §3.1). General JSON libraries differ in both.

#include <cstdint>
#include <string>
#include <string_view>

namespace ntpmon::web {

// Appends "text" quoted: '"' and '\\' escaped; \n \r \t \b \f; other control characters
// as \u00xx; '<' '>' '&' as \u003c \u003e \u0026; U+2028/U+2029 escaped; invalid UTF-8 as
// \ufffd.
void append_json_string(std::string& out, std::string_view text);

// Appends format_json_number(value).
void append_json_number(std::string& out, double value);

void append_json_integer(std::string& out, std::int64_t value);
void append_json_unsigned(std::string& out, std::uint64_t value);

// {"message":"<message>"} followed by "\n": the error body of the data API.
std::string json_error_body(std::string_view message);

}  // namespace ntpmon::web
