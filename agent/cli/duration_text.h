#pragma once
// Durations on the command line: "500ms", "2s", "5m", "1h", "1m30s".

#include <chrono>
#include <optional>
#include <string_view>

namespace ntpmon::agent {

std::optional<std::chrono::milliseconds> parse_duration_text(std::string_view text);

}  // namespace ntpmon::agent
