#pragma once
// Liveness of one address family (spec/agent.md §5.3): live iff an IP is assigned, it is a
// valid address, and the status is exactly "active" or "testing". Nothing else counts.

#include <optional>
#include <string_view>

#include "api/ip_address.h"
#include "state/state_data.h"

namespace ntpmon::agent {

enum class AddressFamily { v4, v6 };

std::string_view to_string(AddressFamily family);  // "v4", "v6"
std::string_view protocol_name(AddressFamily family);  // "IPv4", "IPv6"

// The assigned address when it parses as an address of `family`.
std::optional<api::IpAddress> assigned_address(const FamilyState& state, AddressFamily family);

bool is_live(const FamilyState& state, AddressFamily family);

// "paused": the monitor must stop all work at once (project decision A5).
bool is_paused(const FamilyState& state);

}  // namespace ntpmon::agent
