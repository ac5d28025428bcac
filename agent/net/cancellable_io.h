#pragma once
// Waiting for a socket with a deadline that a std::stop_token can cut short: the building
// block of the HTTP client's connect, TLS handshake, writes and reads.

#include <chrono>
#include <optional>
#include <stop_token>

namespace ntpmon::agent {

class CancellableWait {
 public:
  enum class Result { ready, timeout, stopped, error };

  explicit CancellableWait(std::stop_token stop);
  ~CancellableWait();
  CancellableWait(const CancellableWait&) = delete;
  CancellableWait& operator=(const CancellableWait&) = delete;

  // Until `fd` is readable (or writable), `deadline` passes, or a stop is requested.
  Result wait(int fd, bool for_write, std::chrono::steady_clock::time_point deadline);
  bool stopped() const { return stop_.stop_requested(); }

 private:
  struct Wake {
    int fd;
    void operator()() const noexcept;
  };
  std::stop_token stop_;
  int event_fd_ = -1;
  std::optional<std::stop_callback<Wake>> callback_;
};

}  // namespace ntpmon::agent
