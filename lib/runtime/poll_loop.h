#pragma once
// The main loop of a polling daemon: run a step again and again until shutdown.
//
//   step returns worked -> run it again at once
//   step returns idle   -> wait (idle backoff: min, doubling, up to max), then run it again
//   step throws         -> log the error, wait (error backoff), then run it again
//
// Waits end early on a stop request, so the loop ends within one step of a signal. No
// exception escapes the loop.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <thread>

#include "log/logger.h"
#include "runtime/backoff.h"
#include "runtime/shutdown_signal.h"

namespace ntpmon::runtime {

enum class StepResult { worked, idle };

struct PollLoopOptions {
  std::string name = "poll";  // logged as loop=<name>
  BackoffPolicy idle{std::chrono::seconds(1), 2.0, std::chrono::seconds(30), 0.0};
  BackoffPolicy error{std::chrono::seconds(1), 2.0, std::chrono::seconds(60), 0.2};
  // Called after each failed step with the error text (e.g. to count it in a metric).
  std::function<void(std::string_view error)> on_error;
  // Called before each wait with its length (metrics, tests).
  std::function<void(std::chrono::milliseconds delay)> on_wait;
};

struct PollLoopStats {
  std::uint64_t steps = 0;
  std::uint64_t worked = 0;
  std::uint64_t idle = 0;
  std::uint64_t errors = 0;
};

using Step = std::function<StepResult()>;

// Runs on the calling thread until `shutdown` is requested.
PollLoopStats run_poll_loop(const ShutdownSignal& shutdown, const log::Logger& logger,
                            const PollLoopOptions& options, const Step& step);

// run_poll_loop on a thread of its own. It stops when `shutdown` is requested or when this
// object is destroyed; the destructor waits for the step in progress and joins.
class PollLoopThread {
 public:
  PollLoopThread(const ShutdownSignal& shutdown, log::Logger logger, PollLoopOptions options,
                 Step step);
  ~PollLoopThread();
  PollLoopThread(const PollLoopThread&) = delete;
  PollLoopThread& operator=(const PollLoopThread&) = delete;

  // Stops the loop and waits for it; returns its figures. Idempotent.
  PollLoopStats stop();

 private:
  ShutdownSignal local_;
  std::stop_callback<std::function<void()>> forward_;
  PollLoopStats stats_;
  std::thread thread_;
};

}  // namespace ntpmon::runtime
