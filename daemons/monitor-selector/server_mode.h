#pragma once
// `server`: batches for ever (spec/selector.md §1.1). A batch with servers is followed at
// once by the next; an empty one by an exponential backoff wait (3 s initial, x1.5, 60 s
// max, randomised). Transient database errors back off and retry; any other batch error
// ends the process (exit 1), as upstream. /metrics and /__health on the admin address.

#include <string>

#include "log/logger.h"
#include "runtime/shutdown_signal.h"

namespace soci {
class session;
}

namespace ntpmon::selector {

struct ServerModeOptions {
  std::string admin_listen;
};

// Returns the exit status: 0 after a stop request, 1 after a fatal batch error.
int run_server_mode(soci::session& session, const ServerModeOptions& options, const log::Logger& logger,
                    runtime::ShutdownSignal& shutdown);

}  // namespace ntpmon::selector
