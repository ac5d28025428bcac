#pragma once
// A real chronyd serving NTP on loopback for tests: temp dir with its own config, run in
// the foreground (-d) without touching the system clock (-x), optionally under libfaketime
// (LD_PRELOAD, so the child is chronyd itself and not the faketime wrapper, which forks).
// The destructor stops it (SIGTERM, then SIGKILL) and reaps it; PR_SET_PDEATHSIG kills it
// if the test process dies first.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace ntpmon::ntp::testing {

struct ChronydOptions {
  bool ipv6 = false;                  // also bind and allow ::1
  std::optional<std::string> faketime;  // e.g. "+2s"
};

class ChronydServer {
 public:
  explicit ChronydServer(ChronydOptions options = {});
  ~ChronydServer();
  ChronydServer(const ChronydServer&) = delete;
  ChronydServer& operator=(const ChronydServer&) = delete;

  // "" when chronyd runs and answers; otherwise what went wrong (with its log).
  const std::string& error() const { return error_; }
  std::uint16_t port() const { return port_; }
  // Stops chronyd now (the destructor does it otherwise).
  void stop();
  std::string log() const;

  static std::string chronyd_path();    // "" when not installed
  static std::string libfaketime_path();  // "" when not installed

 private:
  bool wait_until_answering(std::chrono::milliseconds limit);

  std::string dir_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
  std::string error_;
  ChronydOptions options_;
};

}  // namespace ntpmon::ntp::testing
