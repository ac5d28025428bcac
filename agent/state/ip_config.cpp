#include "state/ip_config.h"

namespace ntpmon::agent {

std::string_view to_string(AddressFamily family) { return family == AddressFamily::v4 ? "v4" : "v6"; }

std::string_view protocol_name(AddressFamily family) { return family == AddressFamily::v4 ? "IPv4" : "IPv6"; }

std::optional<api::IpAddress> assigned_address(const FamilyState& state, AddressFamily family) {
  if (!state.ip) return std::nullopt;
  auto ip = api::parse_ip(*state.ip);
  if (!ip) return std::nullopt;
  const bool v4 = ip->family == api::IpFamily::v4;
  if (v4 != (family == AddressFamily::v4)) return std::nullopt;
  return ip;
}

bool is_live(const FamilyState& state, AddressFamily family) {
  return (state.status == "active" || state.status == "testing") && assigned_address(state, family).has_value();
}

bool is_paused(const FamilyState& state) { return state.status == "paused"; }

}  // namespace ntpmon::agent
