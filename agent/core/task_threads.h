#pragma once
// Runs a set of tasks concurrently, one thread each, and waits for all of them. The threads
// get a small stack (the measurements need little), which keeps a 100-server batch cheap in
// memory. A task that cannot get a thread runs on the calling thread.

#include <cstddef>
#include <functional>
#include <vector>

namespace ntpmon::agent {

inline constexpr std::size_t kTaskStackBytes = 256 * 1024;

// Tasks must not throw (an exception is swallowed so that it cannot escape its thread).
void run_concurrently(std::vector<std::function<void()>> tasks, std::size_t stack_bytes = kTaskStackBytes);

}  // namespace ntpmon::agent
