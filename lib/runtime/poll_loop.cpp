#include "runtime/poll_loop.h"

#include <exception>

namespace ntpmon::runtime {

namespace {

// The text of the exception being handled; never throws.
std::string current_error_text() noexcept {
  try {
    throw;
  } catch (const std::exception& e) {
    try {
      return e.what();
    } catch (...) {
    }
  } catch (...) {
  }
  return "unknown exception";
}

}  // namespace

PollLoopStats run_poll_loop(const ShutdownSignal& shutdown, const log::Logger& logger,
                            const PollLoopOptions& options, const Step& step) {
  PollLoopStats stats;
  try {
    Backoff idle(options.idle);
    Backoff error(options.error);
    while (!shutdown.stop_requested()) {
      std::chrono::milliseconds wait{0};
      ++stats.steps;
      try {
        StepResult r = step();
        error.reset();
        if (r == StepResult::worked) {
          ++stats.worked;
          idle.reset();
        } else {
          ++stats.idle;
          wait = idle.next();
        }
      } catch (...) {
        ++stats.errors;
        std::string text = current_error_text();
        wait = error.next();
        try {
          logger.error("step failed", {{"loop", options.name}, {"err", text}, {"retry_in", wait}});
          if (options.on_error) options.on_error(text);
        } catch (...) {
        }
      }
      if (wait.count() > 0) {
        if (options.on_wait) {
          try {
            options.on_wait(wait);
          } catch (...) {
          }
        }
        shutdown.wait_for(wait);
      }
    }
  } catch (...) {
    // Only allocation failures get here; end the loop rather than terminate the process.
  }
  return stats;
}

PollLoopThread::PollLoopThread(const ShutdownSignal& shutdown, log::Logger logger,
                               PollLoopOptions options, Step step)
    : forward_(shutdown.stop_token(),
               std::function<void()>([this, &shutdown] { local_.request_stop(shutdown.reason()); })) {
  thread_ = std::thread([this, logger = std::move(logger), options = std::move(options),
                         step = std::move(step)] {
    stats_ = run_poll_loop(local_, logger, options, step);
  });
}

PollLoopThread::~PollLoopThread() { stop(); }

PollLoopStats PollLoopThread::stop() {
  local_.request_stop("poll loop stopped");
  if (thread_.joinable()) thread_.join();
  return stats_;
}

}  // namespace ntpmon::runtime
