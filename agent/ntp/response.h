#pragma once
// One accepted server reply and the quantities derived from it (spec §12.4 steps 4-5).
// Pure functions: no sockets, no clocks.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ntp/packet.h"
#include "ntp/timestamp.h"

namespace ntpmon::ntp {

struct Response {
  Header header;   // the reply as received
  SysTime t1{};    // local time just before the request was sent
  SysTime t4{};    // local time the reply arrived (kernel timestamp when available)
  bool kernel_rx_timestamp = false;  // t4 came from SO_TIMESTAMPNS

  // offset = ((T2 - T1) + (T3 - T4)) / 2; positive when the server is ahead of us.
  std::chrono::nanoseconds offset{0};
  // rtt = (T4 - T1) - (T3 - T2), floored at 0.
  std::chrono::nanoseconds rtt{0};
  std::uint8_t stratum = 0;
  Leap leap = Leap::no_warning;
  std::uint32_t reference_id = 0;
  std::string kiss_code;  // see kiss_code() in packet.h
  std::chrono::nanoseconds root_delay{0};
  std::chrono::nanoseconds root_dispersion{0};
  // (rtt + root delay) / 2 + root dispersion.
  std::chrono::nanoseconds root_distance{0};
  std::int8_t precision = 0;  // log2 s
  std::int8_t poll = 0;       // log2 s

  std::vector<std::uint8_t> raw;  // the datagram (§12.8 capture; never transmitted)
};

// §12.4 step 4: "" when `reply` is an acceptable answer to a request whose transmit
// timestamp was `nonce`, else the error text (errors.h), checked in this order:
//   mode != 4                       -> "invalid mode in response"
//   version not 1..4                -> "invalid version in response"        (own addition)
//   transmit timestamp 0            -> "invalid transmit time in response"
//   origin timestamp != nonce       -> "server response didn't match request"
//   receive timestamp 0             -> "invalid receive time in response"   (own addition)
//   receive after transmit          -> "server clock ticked backwards" (era-safe compare)
std::string_view validate_reply(const Header& reply, Timestamp nonce);

// True when `reply` carries our nonce as its origin timestamp, i.e. is the server's answer
// to our request and not a stray, stale or spoofed datagram.
inline bool answers_request(const Header& reply, Timestamp nonce) {
  return reply.origin_time == nonce;
}

// §12.4 step 5 for a validated reply, with the client's T1/T4. T2/T3 are placed in the era
// nearest to T1, so the arithmetic is era-safe.
Response compute_response(const Header& reply, SysTime t1, SysTime t4);

}  // namespace ntpmon::ntp
