#include "selection/ip_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <string>

namespace ntpmon::selection {
namespace {

// netip's parseIPv4: exactly four decimal fields 0..255, no leading zeros, nothing else.
std::optional<IpAddress> parse_v4(std::string_view text) {
  IpAddress out;
  out.is_v4 = true;
  int field = 0;
  int digits = 0;
  int value = 0;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      if (digits == 1 && value == 0) return std::nullopt;  // leading zero
      value = value * 10 + (c - '0');
      if (value > 255) return std::nullopt;
      ++digits;
    } else if (c == '.') {
      if (digits == 0 || field == 3) return std::nullopt;
      out.bytes[static_cast<std::size_t>(field++)] = static_cast<std::uint8_t>(value);
      digits = 0;
      value = 0;
    } else {
      return std::nullopt;
    }
  }
  if (field != 3 || digits == 0) return std::nullopt;
  out.bytes[3] = static_cast<std::uint8_t>(value);
  return out;
}

// The address part is checked by inet_pton (same grammar as netip: at most four hex digits
// per group, one "::", an embedded dotted quad without leading zeros at the end).
std::optional<IpAddress> parse_v6(std::string_view text) {
  IpAddress out;
  auto percent = text.find('%');
  if (percent != std::string_view::npos) {
    if (percent + 1 == text.size()) return std::nullopt;  // empty zone
    out.has_zone = true;
    text = text.substr(0, percent);
  }
  if (text.empty() || text.size() > 45) return std::nullopt;
  if (!std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
      })) {
    return std::nullopt;
  }
  std::string buffer(text);
  if (inet_pton(AF_INET6, buffer.c_str(), out.bytes.data()) != 1) return std::nullopt;
  return out;
}

}  // namespace

std::optional<IpAddress> parse_ip(std::string_view text) {
  // netip.ParseAddr decides by the first '.', ':' or '%'.
  for (char c : text) {
    if (c == '.') return parse_v4(text);
    if (c == ':') return parse_v6(text);
    if (c == '%') return std::nullopt;
  }
  return std::nullopt;
}

bool prefix_contains(const IpAddress& network, int bits, const IpAddress& address) {
  if (network.is_v4 != address.is_v4 || address.has_zone) return false;
  const int size = network.is_v4 ? 32 : 128;
  bits = std::clamp(bits, 0, size);
  for (int i = 0; i < bits; ++i) {
    const auto byte = static_cast<std::size_t>(i / 8);
    const auto mask = static_cast<std::uint8_t>(0x80u >> (i % 8));
    if ((network.bytes[byte] & mask) != (address.bytes[byte] & mask)) return false;
  }
  return true;
}

}  // namespace ntpmon::selection
