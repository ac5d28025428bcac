#include "log/duration_text.h"

#include <cstdint>

namespace ntpmon::log {

namespace {

// `whole` followed by up to `digits` fractional digits of `frac`, without trailing zeros.
std::string with_fraction(std::uint64_t whole, std::uint64_t frac, int digits) {
  std::string out = std::to_string(whole);
  if (frac == 0) return out;
  std::string f = std::to_string(frac);
  f.insert(0, static_cast<std::size_t>(digits) - f.size(), '0');
  while (!f.empty() && f.back() == '0') f.pop_back();
  return out + "." + f;
}

}  // namespace

std::string format_go_duration(std::chrono::nanoseconds value) {
  std::int64_t ns = value.count();
  std::string sign = ns < 0 ? "-" : "";
  // Magnitude without overflow for INT64_MIN.
  std::uint64_t u = ns < 0 ? static_cast<std::uint64_t>(-(ns + 1)) + 1 : static_cast<std::uint64_t>(ns);
  if (u == 0) return "0s";
  if (u < 1'000) return sign + std::to_string(u) + "ns";
  if (u < 1'000'000) return sign + with_fraction(u / 1'000, u % 1'000, 3) + "µs";
  if (u < 1'000'000'000) return sign + with_fraction(u / 1'000'000, u % 1'000'000, 6) + "ms";
  std::uint64_t secs = u / 1'000'000'000;
  std::uint64_t frac = u % 1'000'000'000;
  std::string out = sign;
  if (secs >= 3600) out += std::to_string(secs / 3600) + "h";
  if (secs >= 60) out += std::to_string(secs / 60 % 60) + "m";
  out += with_fraction(secs % 60, frac, 9) + "s";
  return out;
}

}  // namespace ntpmon::log
