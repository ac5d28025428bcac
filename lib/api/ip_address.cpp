#include "api/ip_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstdio>

namespace ntpmon::api {
namespace {

std::string v4_text(const unsigned char* b) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
  return buf;
}

// RFC 5952: lower-case hex without leading zeros, the longest run of two or more zero groups
// (the first of equal runs) replaced by "::"; IPv4-mapped addresses end in dotted quad (as
// Go's netip.Addr.String does).
std::string v6_text(const unsigned char* b) {
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(kMapped, kMapped + 12, b)) return "::ffff:" + v4_text(b + 12);
  std::array<unsigned, 8> groups{};
  for (int i = 0; i < 8; ++i) groups[i] = (unsigned(b[2 * i]) << 8) | b[2 * i + 1];
  int best_start = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_len) {
      best_start = i;
      best_len = j - i;
    }
    i = j;
  }
  if (best_len < 2) best_start = -1;
  std::string out;
  char buf[8];
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", groups[i]);
    out += buf;
  }
  return out;
}

}  // namespace

std::string IpAddress::to_string() const {
  const auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
  return family == IpFamily::v4 ? v4_text(b) : v6_text(b);
}

std::optional<IpAddress> parse_ip(std::string_view text) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  std::string s(text);
  unsigned char buf[16];
  if (s.find(':') == std::string::npos) {
    // inet_pton(AF_INET) accepts exactly four decimal octets without leading zeros.
    if (inet_pton(AF_INET, s.c_str(), buf) != 1) return std::nullopt;
    return IpAddress{IpFamily::v4, std::string(reinterpret_cast<char*>(buf), 4)};
  }
  if (inet_pton(AF_INET6, s.c_str(), buf) != 1) return std::nullopt;
  return IpAddress{IpFamily::v6, std::string(reinterpret_cast<char*>(buf), 16)};
}

std::optional<IpAddress> ip_from_bytes(std::string_view bytes) {
  if (bytes.size() == 4) return IpAddress{IpFamily::v4, std::string(bytes)};
  if (bytes.size() == 16) return IpAddress{IpFamily::v6, std::string(bytes)};
  return std::nullopt;
}

std::optional<std::string> canonical_ip(std::string_view text) {
  auto ip = parse_ip(text);
  if (!ip) return std::nullopt;
  return ip->to_string();
}

}  // namespace ntpmon::api
