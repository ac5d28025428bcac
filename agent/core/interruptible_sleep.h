#pragma once
// Sleeping that a stop request ends at once.

#include <chrono>
#include <stop_token>

namespace ntpmon::agent {

// Sleeps `duration`; returns false (early) when `stop` is requested.
bool sleep_for(std::stop_token stop, std::chrono::nanoseconds duration);

}  // namespace ntpmon::agent
