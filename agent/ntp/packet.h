#pragma once
// The 48-byte NTP packet header (RFC 5905 §7.3, figure 8), big-endian on the wire:
//
//   byte  0      LI (2 bits) | VN (3 bits) | Mode (3 bits)
//   byte  1      stratum
//   byte  2      poll (log2 s, signed)
//   byte  3      precision (log2 s, signed)
//   bytes 4-7    root delay (short format)
//   bytes 8-11   root dispersion (short format)
//   bytes 12-15  reference id
//   bytes 16-23  reference timestamp
//   bytes 24-31  origin timestamp   (T1 as the client sent it)
//   bytes 32-39  receive timestamp  (T2, server)
//   bytes 40-47  transmit timestamp (T3, server)
//
// Extension fields and MACs after byte 47 are ignored.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ntp/timestamp.h"

namespace ntpmon::ntp {

inline constexpr std::size_t kHeaderSize = 48;
inline constexpr std::uint8_t kVersion = 4;
// Precision byte of our requests (spec §12.4: 0x20, as beevik/ntp sends).
inline constexpr std::int8_t kRequestPrecision = 0x20;

enum class Leap : std::uint8_t { no_warning = 0, add_second = 1, delete_second = 2, not_in_sync = 3 };

enum class Mode : std::uint8_t {
  reserved = 0,
  symmetric_active = 1,
  symmetric_passive = 2,
  client = 3,
  server = 4,
  broadcast = 5,
  control = 6,
  private_use = 7,
};

struct Header {
  Leap leap = Leap::no_warning;
  std::uint8_t version = kVersion;  // 3 bits on the wire
  Mode mode = Mode::client;
  std::uint8_t stratum = 0;
  std::int8_t poll = 0;
  std::int8_t precision = 0;
  ShortTime root_delay;
  ShortTime root_dispersion;
  std::uint32_t reference_id = 0;
  Timestamp reference_time;
  Timestamp origin_time;
  Timestamp receive_time;
  Timestamp transmit_time;

  friend bool operator==(const Header&, const Header&) = default;
};

using PacketBytes = std::array<std::uint8_t, kHeaderSize>;

// Header -> 48 bytes. The version is masked to its 3 bits.
PacketBytes encode(const Header& header);

// Bytes -> header; nullopt when fewer than 48 bytes. Never fails otherwise: every bit
// pattern is a header; whether it is an acceptable reply is validate_reply()'s business.
std::optional<Header> decode(std::span<const std::uint8_t> bytes);

// The client request of spec §12.4 step 2: LI 0, VN 4, mode 3 (first byte 0x23), stratum 0,
// poll 0, precision 0x20, everything zero except the transmit timestamp (the nonce).
Header make_request(Timestamp transmit);

// The kiss code (RFC 5905 §7.4) as spec §12.4 defines it: the reference id as 4 ASCII
// characters if the stratum is 0 and all four bytes are printable (32-126), else "".
std::string kiss_code(std::uint8_t stratum, std::uint32_t reference_id);

// RFC 5905 figure 12's meaning of a kiss code, or "" for an unknown one.
std::string_view describe_kiss_code(std::string_view code);

// The reference id as its 4 raw bytes, in wire order (may contain NULs).
std::string reference_id_bytes(std::uint32_t reference_id);

// "0x" + lowercase hex without leading zeros ("0x0" for 0), like Go's %#x.
std::string format_reference_id_hex(std::uint32_t reference_id);

// Human form: stratum 0/1 -> the ASCII code ("RATE", "GPS", "PPS") when printable, with
// trailing NULs dropped; stratum 2+ -> dotted quad (an IPv4 upstream, or the first 4 bytes
// of the MD5 of an IPv6 upstream); otherwise the hex form.
std::string render_reference_id(std::uint8_t stratum, std::uint32_t reference_id);

// Strict UTF-8 validity (no overlongs, no surrogates, max U+10FFFF), like Go's utf8.Valid.
bool is_valid_utf8(std::string_view text);

std::string_view to_string(Leap leap);
std::string_view to_string(Mode mode);

}  // namespace ntpmon::ntp
