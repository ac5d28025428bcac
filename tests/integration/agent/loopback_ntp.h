#pragma once
// Real NTP servers for the agent's integration tests, on port 123 of distinct loopback
// addresses (127.a.b.c, or IPv6 ULA addresses added to `lo`):
//   - ChronydOnLoopback: chronyd serving its own clock at stratum 2 (optionally shifted with
//     libfaketime),
//   - KissServer: a UDP responder answering every request with a kiss-o'-death (e.g. RATE;
//     chrony 4.3 cannot be made to send one),
//   - SilentAddress: port 123 of an address that gives no answer.
// Needs root (port 123, `ip addr`), chrony and faketime.
//
// (tests/integration/ntp/chronyd_server.h starts chronyd on 127.0.0.1 with a random port; the
// agent tests need fixed addresses on port 123, hence this fixture. Merging both into
// tests/support is proposed in the agent's report.)

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace ntpmon::agent::testing {

// Adds an IPv6 address to `lo` (nodad) for the lifetime of the object; IPv4 loopback
// addresses need nothing.
class LoopbackAddress {
 public:
  explicit LoopbackAddress(std::string address);
  ~LoopbackAddress();
  LoopbackAddress(const LoopbackAddress&) = delete;
  LoopbackAddress& operator=(const LoopbackAddress&) = delete;
  const std::string& error() const { return error_; }

 private:
  std::string address_;
  bool added_ = false;
  std::string error_;
};

class ChronydOnLoopback {
 public:
  explicit ChronydOnLoopback(std::string address, std::optional<std::string> faketime = std::nullopt);
  ~ChronydOnLoopback();
  ChronydOnLoopback(const ChronydOnLoopback&) = delete;
  ChronydOnLoopback& operator=(const ChronydOnLoopback&) = delete;

  const std::string& error() const { return error_; }  // "" when it answers
  const std::string& address() const { return address_; }

 private:
  std::string address_;
  std::string dir_;
  pid_t pid_ = -1;
  std::string error_;
};

class KissServer {
 public:
  KissServer(std::string address, std::string kiss_code);
  ~KissServer();
  KissServer(const KissServer&) = delete;
  KissServer& operator=(const KissServer&) = delete;
  const std::string& error() const { return error_; }

 private:
  void run();
  std::string kiss_code_;
  int fd_ = -1;
  std::atomic<bool> stop_{false};
  std::string error_;
  std::thread thread_;
};

// Answers NTP requests on port 123 of many loopback addresses at once (one thread, one socket
// per address), as a well-behaved stratum-2 server with the local clock: for load tests.
class NtpResponder {
 public:
  explicit NtpResponder(const std::vector<std::string>& addresses);
  ~NtpResponder();
  NtpResponder(const NtpResponder&) = delete;
  NtpResponder& operator=(const NtpResponder&) = delete;
  const std::string& error() const { return error_; }
  std::uint64_t answered() const { return answered_.load(); }

 private:
  void run();
  std::vector<int> fds_;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> answered_{0};
  std::string error_;
  std::thread thread_;
};

// Port 123 of `address` with no NTP server behind it, for the lifetime of the object. Normally
// nothing listens there, so the kernel answers a request with "port unreachable". When an NTP
// server outside this test holds the family's wildcard (0.0.0.0:123 or [::]:123, e.g. a chronyd
// started without -4/-6 by a concurrently running test), it would answer for this address too;
// then a socket bound to the address itself (more specific, so it gets the datagrams) swallows
// the requests and the client times out. Either way: no response.
class SilentAddress {
 public:
  explicit SilentAddress(const std::string& address);
  ~SilentAddress();
  SilentAddress(const SilentAddress&) = delete;
  SilentAddress& operator=(const SilentAddress&) = delete;
  const std::string& error() const { return error_; }
  bool swallowing() const { return fd_ >= 0; }  // false: nothing listens (port unreachable)

 private:
  int fd_ = -1;
  std::string error_;
};

// The independent SNTP measurement (sntp_probe.py): the offset in seconds, or nullopt.
std::optional<double> python_sntp_offset(const std::string& address);

// Parses the Go duration text of `check` output ("1.5ms", "-2.000123s", "850µs").
std::optional<double> parse_go_duration_seconds(const std::string& text);

}  // namespace ntpmon::agent::testing
