#pragma once
// Text to typed values, for settings given in the environment or on the command line.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "config/setting.h"

namespace ntpmon::config {

// true/false, 1/0, t/f, yes/no, on/off (any case).
std::optional<bool> parse_bool(std::string_view text);
// Decimal, optional sign, the whole text.
std::optional<std::int64_t> parse_int(std::string_view text);
std::optional<double> parse_float(std::string_view text);
// Go's time.ParseDuration: "300ms", "-1.5h", "2h45m", "0"; units ns us µs ms s m h.
std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text);
// Go's time.Duration.String().
std::string format_duration(std::chrono::nanoseconds value);

// Parses `text` as the setting's type and checks its bounds and choices. `where` says where
// the text came from ("from environment variable ADMIN_PORT"); errors read
//   setting "admin.port" from environment variable ADMIN_PORT: "abc" is not an integer
Value parse_setting_value(const Setting& setting, std::string_view text, const std::string& where);

// Checks min/max and choices; throws ConfigError worded as above.
void check_constraints(const Setting& setting, const Value& value, const std::string& where);

}  // namespace ntpmon::config
