#pragma once
// Applying a plan (spec/selector.md §7-§9) with the named statements of
// sql/queries/selector.sql, and the audit record of D4 in the same transaction.

#include <vector>

#include "log/logger.h"
#include "selection/plan.h"

namespace soci {
class session;
}

namespace ntpmon::selector {

struct AppliedPass {
  selection::Plan plan;
  std::vector<selection::Change> applied_changes;         // executed without error, in order
  std::vector<selection::TrackingWrite> applied_tracking;  // likewise
  int failed_changes = 0;
  int failed_tracking = 0;
  int skipped_tracking = 0;  // pause steps after a failed step
  bool changed = false;      // §7: at least one status change executed
};

// Runs inside the caller's transaction. A failing status UPDATE or tracking write is logged
// and counted and the rest still run (§7, §8), except transient errors (deadlock, lost
// connection), which are rethrown so that the whole server transaction is retried. The
// audit rows of the applied writes are inserted at the end in one statement; if that fails
// it is rethrown too: no change is committed without its record.
AppliedPass apply_plan(soci::session& session, selection::Plan plan, const log::Logger& logger);

}  // namespace ntpmon::selector
