#include "core/version.h"

namespace ntpmon::agent {

std::string_view agent_version() { return NTPPOOL_AGENT_VERSION; }

std::string user_agent() { return "ntppool-agent/v" + std::string(agent_version()); }

std::string version_line() {
  return "ntppool-agent v" + std::string(agent_version()) + " (ntpmon " NTPMON_VERSION ")";
}

}  // namespace ntpmon::agent
