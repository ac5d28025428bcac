#include "client_version.h"

#include <array>
#include <optional>
#include <vector>

namespace ntpmon::monitor_api {
namespace {

struct SemVer {
  std::array<unsigned long long, 3> core{};
  std::vector<std::string_view> prerelease;  // empty: a release
};

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::optional<unsigned long long> number(std::string_view s) {
  if (!all_digits(s) || s.size() > 18 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  unsigned long long v = 0;
  for (char c : s) v = v * 10 + static_cast<unsigned>(c - '0');
  return v;
}

std::optional<SemVer> parse_semver(std::string_view text) {
  if (!text.empty() && text[0] == 'v') text.remove_prefix(1);
  text = text.substr(0, text.find('+'));  // build metadata does not take part
  std::string_view pre;
  if (auto dash = text.find('-'); dash != std::string_view::npos) {
    pre = text.substr(dash + 1);
    text = text.substr(0, dash);
    if (pre.empty()) return std::nullopt;
  }
  SemVer v;
  for (int i = 0; i < 3; ++i) {
    auto dot = text.find('.');
    if ((i < 2) != (dot != std::string_view::npos)) return std::nullopt;
    auto n = number(text.substr(0, dot));
    if (!n) return std::nullopt;
    v.core[i] = *n;
    text = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  }
  while (!pre.empty()) {
    auto dot = pre.find('.');
    auto id = pre.substr(0, dot);
    if (id.empty()) return std::nullopt;
    v.prerelease.push_back(id);
    pre = dot == std::string_view::npos ? std::string_view{} : pre.substr(dot + 1);
    if (dot != std::string_view::npos && pre.empty()) return std::nullopt;
  }
  return v;
}

// SemVer 2.0.0 precedence: <0, 0, >0.
int compare(const SemVer& a, const SemVer& b) {
  for (int i = 0; i < 3; ++i) {
    if (a.core[i] != b.core[i]) return a.core[i] < b.core[i] ? -1 : 1;
  }
  if (a.prerelease.empty() || b.prerelease.empty()) {
    if (a.prerelease.empty() && b.prerelease.empty()) return 0;
    return a.prerelease.empty() ? 1 : -1;  // a release ranks above its pre-releases
  }
  for (std::size_t i = 0; i < a.prerelease.size() && i < b.prerelease.size(); ++i) {
    auto x = a.prerelease[i], y = b.prerelease[i];
    bool xn = all_digits(x), yn = all_digits(y);
    if (xn && yn) {
      if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
      if (x != y) return x < y ? -1 : 1;
    } else if (xn != yn) {
      return xn ? -1 : 1;  // numeric identifiers rank below alphanumeric ones
    } else if (x != y) {
      return x < y ? -1 : 1;
    }
  }
  if (a.prerelease.size() == b.prerelease.size()) return 0;
  return a.prerelease.size() < b.prerelease.size() ? -1 : 1;
}

}  // namespace

std::string client_version_from_user_agent(std::string_view ua) {
  for (std::string_view prefix : {"ntppool-monitor/", "ntpmon/", "ntppool-agent/"}) {
    if (ua.substr(0, prefix.size()) == prefix) ua.remove_prefix(prefix.size());
  }
  std::string out;
  for (char c : ua.substr(0, kMaxClientVersionLength)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return out;
}

bool version_at_least(std::string_view version, std::string_view minimum) {
  auto v = parse_semver(version);
  auto m = parse_semver(minimum);
  return v && m && compare(*v, *m) >= 0;
}

bool trusts_zero_offset(std::string_view client_version) {
  return version_at_least(client_version.substr(0, client_version.find('/')), "v3.8.5");
}

}  // namespace ntpmon::monitor_api
