#pragma once
// Severity levels of log events, lowest first.

#include <optional>
#include <string_view>

namespace ntpmon::log {

enum class Level { debug = 0, info = 1, warn = 2, error = 3 };

// "debug", "info", "warn", "error".
std::string_view to_string(Level level);

// Accepts the names above (any case) and "warning"; nullopt for anything else.
std::optional<Level> parse_level(std::string_view text);

}  // namespace ntpmon::log
