#include "ip_address.h"

#include <arpa/inet.h>

#include <array>
#include <cstdio>
#include <cstring>

namespace ntpmon::web {
namespace {

std::string format_ipv4(const unsigned char* b) {
  std::array<char, 16> buf{};
  std::snprintf(buf.data(), buf.size(), "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
  return buf.data();
}

std::string format_ipv6(const unsigned char* b) {
  std::array<unsigned, 8> groups{};
  for (int i = 0; i < 8; ++i) groups[i] = (static_cast<unsigned>(b[2 * i]) << 8) | b[2 * i + 1];
  bool mapped = groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0 &&
                groups[5] == 0xffff;
  if (mapped) return "::ffff:" + format_ipv4(b + 12);
  // The longest run of at least two zero groups; the first one on a tie.
  int best_start = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_len) best_start = i, best_len = j - i;
    i = j;
  }
  if (best_len < 2) best_start = -1;
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out.push_back(':');
    std::array<char, 8> buf{};
    std::snprintf(buf.data(), buf.size(), "%x", groups[i]);
    out += buf.data();
  }
  return out;
}

}  // namespace

std::optional<std::string> canonical_ip(std::string_view text) {
  if (text.empty() || text.size() > 200) return std::nullopt;
  if (text.find('\0') != std::string_view::npos) return std::nullopt;
  std::string address(text);
  if (address.find(':') == std::string::npos) {
    // glibc's inet_pton accepts exactly a.b.c.d with decimal 0-255 and no leading zeros.
    unsigned char b[4];
    if (inet_pton(AF_INET, address.c_str(), b) != 1) return std::nullopt;
    return format_ipv4(b);
  }
  std::string zone;
  if (auto percent = address.find('%'); percent != std::string::npos) {
    zone = address.substr(percent + 1);
    if (zone.empty()) return std::nullopt;
    address.resize(percent);
  }
  unsigned char b[16];
  if (inet_pton(AF_INET6, address.c_str(), b) != 1) return std::nullopt;
  // inet_pton allows leading zeros in an embedded IPv4 tail; the strict parser does not.
  if (auto dot = address.find('.'); dot != std::string::npos) {
    std::string tail = address.substr(address.rfind(':') + 1);
    unsigned char v4[4];
    if (inet_pton(AF_INET, tail.c_str(), v4) != 1) return std::nullopt;
  }
  std::string out = format_ipv6(b);
  if (!zone.empty()) out += "%" + zone;
  return out;
}

bool is_loopback_address(std::string_view text) {
  auto canonical = canonical_ip(text);
  if (!canonical) return false;
  std::string_view c = *canonical;
  if (c == "::1") return true;
  if (c.starts_with("::ffff:")) c.remove_prefix(7);
  return c.starts_with("127.");
}

}  // namespace ntpmon::web
