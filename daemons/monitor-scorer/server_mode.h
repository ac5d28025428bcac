#pragma once
// `monitor-scorer server` (§4.2): rounds back to back while there is work, the idle backoff
// (3 s to 60 s, x1.5, +-50 %) when there is none, /metrics and /__health on the admin
// address. Stops within a batch of SIGTERM/SIGINT; the batch in progress commits or rolls
// back whole.

#include <string>

#include "log/logger.h"
#include "runner.h"
#include "runtime/shutdown_signal.h"

namespace soci {
class session;
}

namespace ntpmon::scorer {

struct ServerModeOptions {
  std::string admin_listen = "127.0.0.1:9000";
  RunnerOptions runner;  // lock_mode is set to skip_locked
};

// Returns the exit status.
int run_server_mode(soci::session& session, ServerModeOptions options, const log::Logger& logger,
                    runtime::ShutdownSignal& shutdown);

}  // namespace ntpmon::scorer
