#pragma once
// A connected UDP socket for one NTP exchange: RAII, non-blocking, close-on-exec, kernel
// receive timestamps (SO_TIMESTAMPNS) requested. Errors come back as values in the
// "network: <op>: <cause>" form of spec §12.5 (no addresses in the text).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "ntp/address.h"
#include "ntp/timestamp.h"

namespace ntpmon::ntp {

// Go-style lowercase text of an errno value ("connection refused").
std::string errno_text(int err);
// "network: <op>: <errno_text>".
std::string network_error(std::string_view op, int err);

class UdpSocket {
 public:
  UdpSocket() = default;
  ~UdpSocket();
  UdpSocket(UdpSocket&& other) noexcept;
  UdpSocket& operator=(UdpSocket&& other) noexcept;
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;

  // Socket of the server's family, bound to `local` (port 0) unless it is absent or the
  // wildcard, connected to server:port. `error` gets the network error text on failure.
  static std::optional<UdpSocket> open(const IpAddress& server, std::uint16_t port,
                                       const std::optional<IpAddress>& local, std::string& error);

  int fd() const { return fd_; }
  bool kernel_timestamps() const { return kernel_timestamps_; }

  // send(2) of one datagram; "" or the error text ("network: write: ...").
  std::string send(std::span<const std::uint8_t> datagram);

  struct Received {
    std::size_t size = 0;          // bytes stored in the buffer
    bool truncated = false;        // the datagram was larger than the buffer
    std::optional<SysTime> kernel_time;  // SCM_TIMESTAMPNS, when the kernel supplied it
  };
  enum class RecvStatus { ok, would_block, error };
  // One datagram without blocking. On error `error` gets "network: read: ...".
  RecvStatus receive(std::span<std::uint8_t> buffer, Received& out, std::string& error);

 private:
  explicit UdpSocket(int fd) : fd_(fd) {}
  int fd_ = -1;
  bool kernel_timestamps_ = false;
};

}  // namespace ntpmon::ntp
