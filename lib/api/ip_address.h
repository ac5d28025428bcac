#pragma once
// IP addresses in the two forms the protocol uses: text as stored in monitors.ip / servers.ip
// (Go's netip canonical form: dotted quad; RFC 5952 lower-case compressed IPv6, with
// "::ffff:a.b.c.d" for IPv4-mapped addresses) and the 4- or 16-byte binary of `ip_bytes`.

#include <optional>
#include <string>
#include <string_view>

namespace ntpmon::api {

enum class IpFamily { v4, v6 };

struct IpAddress {
  IpFamily family = IpFamily::v4;
  std::string bytes;  // 4 or 16 bytes, network order

  // The canonical text.
  std::string to_string() const;
  bool operator==(const IpAddress&) const = default;
};

// Strict parsing of an address literal (no zone, no brackets, no leading zeros in IPv4
// octets); nullopt for anything else.
std::optional<IpAddress> parse_ip(std::string_view text);
// 4 bytes: IPv4; 16 bytes: IPv6; any other length: nullopt.
std::optional<IpAddress> ip_from_bytes(std::string_view bytes);
// The canonical text of `text`, nullopt when it is not an address.
std::optional<std::string> canonical_ip(std::string_view text);

}  // namespace ntpmon::api
