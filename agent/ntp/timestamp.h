#pragma once
// NTP time formats (RFC 5905 §6) and their conversion to system time.
//
//   Timestamp  64 bits: 32-bit seconds since 1900-01-01 00:00:00 UTC of the current era,
//              32-bit binary fraction. Era 0 ends 2036-02-07 06:28:16 UTC; era 1 starts there.
//   ShortTime  32 bits: 16-bit seconds, 16-bit fraction (root delay, root dispersion).
//
// A 64-bit timestamp does not carry its era. Conversions to system time therefore pick the
// era that puts the result nearest to a pivot time (the local clock), and differences of
// two timestamps are computed modulo 2^64 and read as signed, which is correct whenever the
// two times are less than 2^31 s (68 years) apart - RFC 5905's own rule.

#include <chrono>
#include <compare>
#include <cstdint>

namespace ntpmon::ntp {

using SysTime = std::chrono::sys_time<std::chrono::nanoseconds>;

// Seconds from the NTP prime epoch (1900-01-01) to the Unix epoch (1970-01-01).
inline constexpr std::int64_t kNtpToUnixSeconds = 2'208'988'800;

struct Timestamp {
  std::uint64_t raw = 0;

  static constexpr Timestamp from_parts(std::uint32_t seconds, std::uint32_t fraction) {
    return Timestamp{(std::uint64_t{seconds} << 32) | fraction};
  }
  constexpr std::uint32_t seconds() const { return static_cast<std::uint32_t>(raw >> 32); }
  constexpr std::uint32_t fraction() const { return static_cast<std::uint32_t>(raw); }
  // RFC 5905: a zero timestamp means "unknown / not set".
  constexpr bool is_zero() const { return raw == 0; }

  friend constexpr auto operator<=>(const Timestamp&, const Timestamp&) = default;
};

struct ShortTime {
  std::uint32_t raw = 0;

  constexpr std::uint16_t seconds() const { return static_cast<std::uint16_t>(raw >> 16); }
  constexpr std::uint16_t fraction() const { return static_cast<std::uint16_t>(raw); }

  friend constexpr auto operator<=>(const ShortTime&, const ShortTime&) = default;
};

// System time -> NTP timestamp (seconds folded into the 32-bit era; fraction rounded to
// the nearest 2^-32 s).
Timestamp to_ntp(SysTime t);

// NTP timestamp -> system time, choosing the era that puts the result nearest to `pivot`
// (within ±2^31 s). Exact to the nanosecond (fraction rounded to nearest).
SysTime from_ntp(Timestamp ts, SysTime pivot);

// NTP timestamp -> system time without a pivot, by the RFC 4330 §3 convention: seconds with
// the top bit set are era 0 (1968-2036), the others era 1 (2036-2104).
SysTime from_ntp(Timestamp ts);

// The NTP era of a system time (0 for 1900-2036, 1 for 2036-2172, -1 before 1900).
std::int64_t ntp_era(SysTime t);

// a - b in nanoseconds, era-safe (correct when |a - b| < 2^31 s).
std::chrono::nanoseconds difference(Timestamp a, Timestamp b);

// 2^-32 s fraction -> nanoseconds, rounded to nearest (0 .. 1'000'000'000).
std::int64_t fraction_to_ns(std::uint32_t fraction);
// nanoseconds (0 .. 999'999'999) -> 2^-32 s fraction, rounded to nearest.
std::uint32_t ns_to_fraction(std::int64_t ns);

// Short format -> duration (rounded to nearest nanosecond).
std::chrono::nanoseconds to_duration(ShortTime t);
// Duration -> short format, rounded to nearest, saturating at 0 and 0xffff.ffff.
ShortTime to_short(std::chrono::nanoseconds d);

// 2^exponent seconds (poll and precision fields), rounded to the nearest nanosecond.
std::chrono::nanoseconds log2_seconds(std::int8_t exponent);

}  // namespace ntpmon::ntp
