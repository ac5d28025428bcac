#pragma once
// Durations written the way Go's time.Duration.String() writes them: "1h2m3.5s", "250ms",
// "1.5µs", "0s".

#include <chrono>
#include <string>

namespace ntpmon::log {

std::string format_go_duration(std::chrono::nanoseconds value);

}  // namespace ntpmon::log
