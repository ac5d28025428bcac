#pragma once
// Waits that end at once when a std::stop_token is triggered: for a socket to become
// readable, or plain sleeps (the pause between samples). An eventfd is woken by a
// std::stop_callback; if no eventfd can be created the wait falls back to checking the
// token every 50 ms.

#include <chrono>
#include <optional>
#include <stop_token>

namespace ntpmon::ntp {

class StopWaiter {
 public:
  enum class Result { ready, timeout, stopped, error };

  explicit StopWaiter(std::stop_token stop);
  ~StopWaiter();
  StopWaiter(const StopWaiter&) = delete;
  StopWaiter& operator=(const StopWaiter&) = delete;

  // Until `fd` is readable (or has an error pending: ready), `timeout` passed, or stop.
  // `error` only when poll itself fails (errno kept).
  Result wait_readable(int fd, std::chrono::nanoseconds timeout);
  // Sleeps `duration` unless stopped first: timeout or stopped.
  Result sleep(std::chrono::nanoseconds duration);

  bool stop_requested() const { return stop_.stop_requested(); }

 private:
  struct Wake {
    int fd;
    void operator()() const noexcept;
  };

  std::stop_token stop_;
  int event_fd_ = -1;
  std::optional<std::stop_callback<Wake>> callback_;  // destroyed before event_fd_ is closed
};

// Convenience: sleeps `duration` unless `stop` fires first; false when stopped.
bool sleep_unless_stopped(std::chrono::nanoseconds duration, std::stop_token stop);

}  // namespace ntpmon::ntp
