#pragma once
// A scripted NTP server for tests: a UDP socket on 127.0.0.1 or ::1 with an ephemeral port
// and a thread that hands every request to a handler, which returns the datagrams to send
// back (possibly none, several, malformed, delayed).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ntp/packet.h"
#include "ntp/timestamp.h"

namespace ntpmon::ntp::testing {

struct Request {
  std::vector<std::uint8_t> bytes;
  std::optional<Header> header;
  SysTime received{};
  std::string peer_address;
  std::uint16_t peer_port = 0;
};

struct Reply {
  std::vector<std::uint8_t> bytes;
  std::chrono::milliseconds delay{0};  // before sending this datagram
};

using Handler = std::function<std::vector<Reply>(const Request&)>;

class FakeNtpServer {
 public:
  // family_v6: bind ::1 instead of 127.0.0.1. Check ok() before use.
  FakeNtpServer(Handler handler, bool family_v6 = false);
  ~FakeNtpServer();
  FakeNtpServer(const FakeNtpServer&) = delete;
  FakeNtpServer& operator=(const FakeNtpServer&) = delete;

  bool ok() const { return fd_ >= 0; }
  std::uint16_t port() const { return port_; }
  std::vector<Request> requests() const;
  std::size_t request_count() const;

 private:
  void run();

  Handler handler_;
  int fd_ = -1;
  int wake_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::vector<Request> requests_;
  std::thread thread_;
};

// Current system time.
SysTime now();

// A well-formed server reply to `req`: mode 4, version 4, stratum 2, reference id
// 192.0.2.53, origin = the request's transmit timestamp, receive/transmit = now + offset
// (transmit 10 us after receive).
Header reply_header(const Request& req, std::chrono::nanoseconds server_offset = {});

std::vector<std::uint8_t> bytes_of(const Header& h);

// Convenience: a handler answering every request with reply_header(), modified by `edit`.
Handler answer_with(std::function<void(Header&)> edit = {}, std::chrono::nanoseconds server_offset = {});

}  // namespace ntpmon::ntp::testing
