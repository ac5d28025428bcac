#pragma once
// The agent version from the User-Agent (spec/api.md §3.7) and the version comparisons that
// depend on it.

#include <string>
#include <string_view>

namespace ntpmon::monitor_api {

inline constexpr std::size_t kMaxClientVersionLength = 255;  // monitors.client_version

// Strips "ntppool-monitor/", "ntpmon/" and "ntppool-agent/" (each once, in that order), keeps
// printable ASCII (anything else becomes '?') and at most 255 characters.
std::string client_version_from_user_agent(std::string_view user_agent);

// Semantic version comparison with an optional leading 'v' ("v3.8.5", "3.8.5-rc1"): true when
// `version` >= `minimum`. A version that does not parse is never >= anything.
bool version_at_least(std::string_view version, std::string_view minimum);

// §4.5 step 6: a zero offset is trusted from agents >= v3.8.5 (the stored client_version cut
// at its first '/').
bool trusts_zero_offset(std::string_view client_version);

}  // namespace ntpmon::monitor_api
