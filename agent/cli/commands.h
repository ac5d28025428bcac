#pragma once
// The commands of ntppool-agent; each returns the exit status.

#include <iosfwd>

#include "cli/agent_context.h"

namespace ntpmon::agent {

// §2.8: registers this host with the API and stores the API key.
int run_setup(AgentContext& ctx, std::ostream& out);
// §2.9, §11: monitors until SIGTERM/SIGINT (or one iteration with --once).
int run_monitor(AgentContext& ctx);
// §2.10: measures the given addresses once and prints what it measured.
int run_check(AgentContext& ctx, std::ostream& out);
// §2.11: API diagnostics.
int run_api_ok(AgentContext& ctx);

}  // namespace ntpmon::agent
