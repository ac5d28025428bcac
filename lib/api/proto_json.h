#pragma once
// The proto3 JSON forms of the well-known scalar types the monitor messages use: bytes as
// base64, google.protobuf.Timestamp as RFC 3339 text, google.protobuf.Duration as "1.5s".
// Parsers are strict and throw std::invalid_argument saying what is wrong with the text.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace ntpmon::api {

// Standard base64 with padding.
std::string base64_encode(std::string_view bytes);
// Standard or URL-safe alphabet, padding optional (as protojson accepts).
std::string base64_decode(std::string_view text);

// google.protobuf.Timestamp: seconds since the Unix epoch and nanoseconds 0..999999999, from
// 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
struct Timestamp {
  std::int64_t seconds = 0;
  std::int32_t nanos = 0;

  static Timestamp from(std::chrono::system_clock::time_point t);
  std::chrono::sys_time<std::chrono::nanoseconds> to_time_point() const;  // saturates outside ±292 years
  bool operator==(const Timestamp&) const = default;
};

inline constexpr std::int64_t kMinTimestampSeconds = -62135596800;  // 0001-01-01T00:00:00Z
inline constexpr std::int64_t kMaxTimestampSeconds = 253402300799;  // 9999-12-31T23:59:59Z

// "2026-01-02T03:04:05.123Z" (0, 3, 6 or 9 fraction digits, as protojson writes).
std::string format_timestamp(const Timestamp& t);
// RFC 3339 with 'Z' or a numeric offset, 0-9 fraction digits.
Timestamp parse_timestamp(std::string_view text);

// google.protobuf.Duration: seconds and nanos with the same sign, |seconds| <= 315576000000.
struct Duration {
  std::int64_t seconds = 0;
  std::int32_t nanos = 0;

  static Duration from(std::chrono::nanoseconds d);
  // False when the value does not fit std::chrono::nanoseconds (beyond ±292 years).
  bool fits_nanoseconds() const;
  std::chrono::nanoseconds to_nanoseconds() const;  // precondition: fits_nanoseconds()
  bool operator==(const Duration&) const = default;
};

inline constexpr std::int64_t kMaxDurationSeconds = 315576000000;

// "1.000340012s", "-0.5s", "3s" (0, 3, 6 or 9 fraction digits).
std::string format_duration(const Duration& d);
// "<sign?><digits>[.<1-9 digits>]s".
Duration parse_duration(std::string_view text);

}  // namespace ntpmon::api
