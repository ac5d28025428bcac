#pragma once
// One server's pass (spec/selector.md §1.1, §12): the plan built from the named SQL, then
// either applied with its review write-back in one transaction (`once`, and each server of
// `run` under D3) or only printed (`simulate`). Both go through build_plan(), so simulate
// prints exactly what once would apply.

#include <cstdint>
#include <iosfwd>
#include <optional>

#include "db/retry_policy.h"
#include "log/logger.h"
#include "plan_applier.h"
#include "selection/plan.h"

namespace soci {
class session;
}

namespace ntpmon::selector {

struct SelectorMetrics;

// Reads the inputs (SelectorGetServer, GetMonitorPriority) and plans the pass. Read only.
// Throws ServerNotFound (inputs.h) and database errors.
selection::Plan build_plan(soci::session& session, std::uint32_t server_id, selection::TimePoint now);

// §1.2 step 2: next review at now + 60 min after a change, else now + 20 min.
selection::TimePoint next_review_time(bool changed, selection::TimePoint now);
void write_review(soci::session& session, std::uint32_t server_id, bool changed, selection::TimePoint now);

struct PassOutcome {
  std::optional<AppliedPass> applied;  // nullopt when skipped
  bool skipped = false;                // run: no longer due (another selector reviewed it)
  selection::TimePoint next_review{};
};

// The transaction body: (claim,) plan, apply, review write-back. Runs inside a transaction.
PassOutcome review_server(soci::session& session, std::uint32_t server_id, selection::TimePoint now,
                          const log::Logger& logger, bool claim_if_due);

// `once <server_id>`: review_server without the due check, in one transaction that is
// retried on transient errors. Logs and counts the outcome after the commit. Throws
// db::TransactionError (with the cause nested) when the pass fails; nothing is written then.
PassOutcome run_once(soci::session& session, std::uint32_t server_id, selection::TimePoint now,
                     const log::Logger& logger, SelectorMetrics* metrics, const db::RetryPolicy& policy = {});

// `simulate <server_id>`: the plan only; nothing is written.
selection::Plan run_simulate(soci::session& session, std::uint32_t server_id, selection::TimePoint now);

// Logs the findings, the applied changes and tracking writes, and updates the metrics.
void report_pass(const PassOutcome& outcome, const log::Logger& logger, SelectorMetrics* metrics);

// The text of `simulate` and `once`: a summary line, then "status changes:" with one
// `monitor <id>: <from> -> <to> (<rule>: <reason>)` line each, then "tracking writes:".
// With `applied`, the changes and writes actually executed; else the planned ones.
void print_plan(std::ostream& out, const selection::Plan& plan, const AppliedPass* applied);

}  // namespace ntpmon::selector
