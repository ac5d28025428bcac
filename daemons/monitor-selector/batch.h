#pragma once
// `run`: one review batch (spec/selector.md §1.2 with D3). Up to 10 due servers; each server's
// pass and its review write-back commit in a transaction of their own. A failing server is
// rolled back alone, logged, given the unchanged review write-back (+20 min, as upstream
// does for a failed pass) in a separate transaction, and the batch goes on.

#include <cstddef>
#include <functional>

#include "db/retry_policy.h"
#include "log/logger.h"
#include "selection/monitor.h"

namespace soci {
class session;
}

namespace ntpmon::selector {

struct SelectorMetrics;

struct BatchResult {
  std::size_t servers = 0;  // ids in the batch, failed and skipped ones included
  std::size_t changed = 0;
  std::size_t failed = 0;
  std::size_t skipped = 0;  // no longer due when their turn came
};

using PassClock = std::function<selection::TimePoint()>;

// The current time, whole seconds (DATETIME precision).
selection::TimePoint current_time();

// Throws only when the batch cannot be read or a failed server's review write-back fails
// (the database is unusable); the caller backs off.
BatchResult run_batch(soci::session& session, const PassClock& clock, const log::Logger& logger,
                      SelectorMetrics* metrics, const db::RetryPolicy& policy = {});

}  // namespace ntpmon::selector
