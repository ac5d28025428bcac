#include "ntp/timestamp.h"

#include <cmath>

namespace ntpmon::ntp {

namespace {

constexpr std::int64_t kNsPerSecond = 1'000'000'000;
constexpr std::int64_t kEraSeconds = std::int64_t{1} << 32;

// Floor division for a positive divisor.
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

}  // namespace

std::int64_t fraction_to_ns(std::uint32_t fraction) {
  // fraction * 1e9 < 2^62: no overflow.
  return static_cast<std::int64_t>((std::uint64_t{fraction} * kNsPerSecond + (1ULL << 31)) >> 32);
}

std::uint32_t ns_to_fraction(std::int64_t ns) {
  // ns < 1e9, so (ns << 32) < 2^62 and the rounded result stays below 2^32.
  const auto n = static_cast<std::uint64_t>(ns);
  return static_cast<std::uint32_t>(((n << 32) + kNsPerSecond / 2) / kNsPerSecond);
}

Timestamp to_ntp(SysTime t) {
  const std::int64_t total_ns = t.time_since_epoch().count();
  const std::int64_t unix_seconds = floor_div(total_ns, kNsPerSecond);
  const std::int64_t ns = total_ns - unix_seconds * kNsPerSecond;
  // Conversion to unsigned folds the seconds modulo 2^32, i.e. into the era.
  const auto seconds = static_cast<std::uint32_t>(unix_seconds + kNtpToUnixSeconds);
  return Timestamp::from_parts(seconds, ns_to_fraction(ns));
}

SysTime from_ntp(Timestamp ts, SysTime pivot) {
  const std::int64_t pivot_ntp_seconds =
      floor_div(pivot.time_since_epoch().count(), kNsPerSecond) + kNtpToUnixSeconds;
  // Candidate in the pivot's era, then move by one era if that is nearer to the pivot.
  const std::int64_t era_start = floor_div(pivot_ntp_seconds, kEraSeconds) * kEraSeconds;
  std::int64_t seconds = era_start + ts.seconds();
  if (seconds - pivot_ntp_seconds > kEraSeconds / 2) {
    seconds -= kEraSeconds;
  } else if (pivot_ntp_seconds - seconds > kEraSeconds / 2) {
    seconds += kEraSeconds;
  }
  const std::int64_t ns = (seconds - kNtpToUnixSeconds) * kNsPerSecond + fraction_to_ns(ts.fraction());
  return SysTime{std::chrono::nanoseconds{ns}};
}

SysTime from_ntp(Timestamp ts) {
  const std::int64_t era = (ts.seconds() & 0x8000'0000U) != 0 ? 0 : 1;
  const std::int64_t seconds = era * kEraSeconds + ts.seconds();
  const std::int64_t ns = (seconds - kNtpToUnixSeconds) * kNsPerSecond + fraction_to_ns(ts.fraction());
  return SysTime{std::chrono::nanoseconds{ns}};
}

std::int64_t ntp_era(SysTime t) {
  const std::int64_t ntp_seconds =
      floor_div(t.time_since_epoch().count(), kNsPerSecond) + kNtpToUnixSeconds;
  return floor_div(ntp_seconds, kEraSeconds);
}

std::chrono::nanoseconds difference(Timestamp a, Timestamp b) {
  // Modulo-2^64 difference read as a signed 32.32 fixed-point number.
  const auto d = static_cast<std::int64_t>(a.raw - b.raw);
  const std::int64_t seconds = d >> 32;  // arithmetic shift (C++20): floor
  const auto fraction = static_cast<std::uint32_t>(d & 0xffff'ffff);
  return std::chrono::nanoseconds{seconds * kNsPerSecond + fraction_to_ns(fraction)};
}

std::chrono::nanoseconds to_duration(ShortTime t) {
  return std::chrono::nanoseconds{
      static_cast<std::int64_t>((std::uint64_t{t.raw} * kNsPerSecond + (1U << 15)) >> 16)};
}

ShortTime to_short(std::chrono::nanoseconds d) {
  constexpr std::int64_t kMaxNs = (std::int64_t{0xffff'ffff} * kNsPerSecond) >> 16;
  const std::int64_t ns = d.count();
  if (ns <= 0) return ShortTime{0};
  if (ns >= kMaxNs) return ShortTime{0xffff'ffff};
  const auto raw = ((static_cast<std::uint64_t>(ns) << 16) + kNsPerSecond / 2) / kNsPerSecond;
  return ShortTime{static_cast<std::uint32_t>(raw > 0xffff'ffffULL ? 0xffff'ffffULL : raw)};
}

std::chrono::nanoseconds log2_seconds(std::int8_t exponent) {
  // 2^33 s is the largest power of two that fits in int64 nanoseconds.
  if (exponent > 33) return std::chrono::nanoseconds::max();
  return std::chrono::nanoseconds{
      std::llround(std::ldexp(static_cast<double>(kNsPerSecond), exponent))};
}

}  // namespace ntpmon::ntp
