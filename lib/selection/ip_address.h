#pragma once
// IP addresses as the original selector reads them (Go's net/netip.ParseAddr): strict
// dotted-quad IPv4 (no leading zeros), IPv6 with an optional non-empty zone ("fe80::1%eth0").
// An IPv4-mapped IPv6 address ("::ffff:192.0.2.1") is IPv6. Used by the same-subnet and the
// network-diversity checks (spec/selector.md §4.3a, §4.3c).

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ntpmon::selection {

struct IpAddress {
  bool is_v4 = false;
  std::array<std::uint8_t, 16> bytes{};  // IPv4 uses the first 4
  bool has_zone = false;
};

// nullopt when the text is not an address netip.ParseAddr accepts.
std::optional<IpAddress> parse_ip(std::string_view text);

// True when `address` lies in the `bits`-long prefix of `network` (netip Prefix.Contains):
// false across families and for an address with a zone. bits is clamped to the family size.
bool prefix_contains(const IpAddress& network, int bits, const IpAddress& address);

}  // namespace ntpmon::selection
