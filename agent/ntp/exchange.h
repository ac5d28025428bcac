#pragma once
// One SNTP client exchange (spec §12.4): a fresh connected UDP socket, one mode-3 request
// carrying a random 64-bit transmit timestamp, and the server's mode-4 answer.
//
// Receiving: datagrams that cannot be the answer to this request (too short to parse, or
// an origin timestamp other than our nonce) are recorded and skipped, and the wait goes
// on until the deadline; a spoofed or stale datagram cannot end the sample early. If the
// deadline passes after such datagrams, the sample fails with the first one's validation
// error (e.g. "server response didn't match request") rather than a timeout. A datagram
// that does carry our nonce is the answer: it is validated (mode, version, transmit and
// receive timestamps) and accepted or rejected at once.
//
// T1 is read from CLOCK_REALTIME immediately before send(2); T4 is the kernel receive
// timestamp (SO_TIMESTAMPNS) when it is plausible, i.e. within [T1, T1 + monotonic elapsed
// time], else T1 + the monotonic time elapsed (so a clock step during the exchange cannot
// produce a negative or inflated RTT; "if the clock went backwards, T4 = T1").

#include <chrono>
#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "ntp/address.h"
#include "ntp/response.h"

namespace ntpmon::ntp {

inline constexpr std::uint16_t kNtpPort = 123;
inline constexpr std::chrono::seconds kDefaultTimeout{3};
// Receive buffer (spec §12.4 step 3).
inline constexpr std::size_t kReceiveBufferSize = 8192;
// At most this many raw datagrams are kept per exchange (the rest are only counted).
inline constexpr std::size_t kMaxCapturedDatagrams = 8;

struct ExchangeOptions {
  std::uint16_t port = kNtpPort;
  // Deadline for send + receive, counted from just before the request is sent.
  std::chrono::nanoseconds timeout = kDefaultTimeout;
  // Bind the socket to this address (port 0). Absent or wildcard: the OS chooses. Must be
  // of the server's family.
  std::optional<IpAddress> local_address;
};

enum class ExchangeStatus {
  ok,              // response set
  network_error,   // socket-level failure or timeout; error starts with "network: "
  protocol_error,  // a reply was received but rejected (errors.h texts)
  cancelled,       // the stop token fired
};

struct Exchange {
  ExchangeStatus status = ExchangeStatus::network_error;
  std::string error;                  // "" when ok
  std::optional<Response> response;   // when ok
  // Every datagram received, in order, up to kMaxCapturedDatagrams (§12.8 capture buffer).
  std::vector<std::vector<std::uint8_t>> datagrams;
  std::size_t datagrams_received = 0;  // including those not kept
  std::size_t datagrams_skipped = 0;   // not answers to our request (short / wrong origin)
};

// A nonce for the transmit timestamp: 64 random bits from getrandom(2), never zero. Falls
// back to the current time as an NTP timestamp if the kernel has no randomness to give.
Timestamp random_nonce();

// Runs one exchange with `server` (an IPv4-mapped IPv6 address is sent to over IPv4).
// Never throws; returns promptly when `stop` fires.
Exchange exchange(const IpAddress& server, const ExchangeOptions& options, std::stop_token stop = {});

}  // namespace ntpmon::ntp
