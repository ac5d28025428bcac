#pragma once
// A stop request shared by the threads of a program, raised by SIGTERM/SIGINT or by code.
//
//   int main() {
//     auto shutdown = runtime::ShutdownSignal::install_process_handler();  // before any thread
//     ...
//     while (!shutdown->stop_requested()) { work(); shutdown->wait_for(5s); }
//   }
//
// The process handler blocks the signals in the calling thread (threads started afterwards
// inherit the mask) and reads them from a signalfd on a thread of its own; no signal handler
// runs and no global variable is touched. Only one process handler may exist at a time.

#include <chrono>
#include <condition_variable>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>

namespace ntpmon::runtime {

class ShutdownSignal {
 public:
  // Not connected to any signal: stops only through request_stop().
  ShutdownSignal();
  ~ShutdownSignal();
  ShutdownSignal(const ShutdownSignal&) = delete;
  ShutdownSignal& operator=(const ShutdownSignal&) = delete;

  // Watches `signals` (default SIGTERM and SIGINT). Throws std::system_error on failure.
  static std::unique_ptr<ShutdownSignal> install_process_handler(
      std::initializer_list<int> signals = {});

  // The first request wins; later ones are ignored.
  void request_stop(std::string reason);
  bool stop_requested() const;
  // "SIGTERM", "SIGINT" or the reason given to request_stop(); empty while running.
  std::string reason() const;
  // The signal number when a signal caused the stop.
  std::optional<int> signal_number() const;

  // Waits up to `timeout` and returns true as soon as a stop is requested (at once if one
  // already was); false when the time ran out.
  bool wait_for(std::chrono::nanoseconds timeout) const;
  void wait() const;

  // For std::jthread-style code and std::stop_callback.
  std::stop_token stop_token() const { return source_.get_token(); }

 private:
  class Watcher;
  void request_stop(std::string reason, std::optional<int> signal);

  mutable std::mutex mutex_;
  mutable std::condition_variable cv_;
  bool stopped_ = false;
  std::string reason_;
  std::optional<int> signal_;
  std::stop_source source_;
  std::unique_ptr<Watcher> watcher_;
};

}  // namespace ntpmon::runtime
