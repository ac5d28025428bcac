#pragma once
// Where environment variables are read from: the process, or a map in tests.

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace ntpmon::config {

// Returns the value of a variable; nullopt when it is unset or empty (an empty variable
// counts as unset, as in Go's os.Getenv checks).
using Environment = std::function<std::optional<std::string>(const std::string& name)>;

Environment process_environment();
Environment map_environment(std::map<std::string, std::string> vars);

}  // namespace ntpmon::config
