#pragma once
// The agent's version. The monitor API reads it from the User-Agent and gates features on
// it (spec/agent.md §14, §21 A15: a `v`-prefixed semantic version >= v4.0.4), so the agent
// carries its own version line, independent of the project's.

#include <string>
#include <string_view>

namespace ntpmon::agent {

// "4.2.0"
std::string_view agent_version();
// "ntppool-agent/v4.2.0"
std::string user_agent();
// "ntppool-agent v4.2.0 (ntpmon 0.1.0)"
std::string version_line();

}  // namespace ntpmon::agent
