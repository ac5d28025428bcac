#include "batch.h"

#include <soci/soci.h>

#include <exception>

#include "db/transaction.h"
#include "pass_runner.h"
#include "selector_metrics.h"
#include "sql/selector.h"

namespace ntpmon::selector {
namespace {

// The innermost cause of a TransactionError, for the log line.
std::string root_cause(const std::exception& e) {
  try {
    std::rethrow_if_nested(e);
  } catch (const std::exception& inner) {
    return root_cause(inner);
  } catch (...) {
    return "unknown error";
  }
  return e.what();
}

}  // namespace

selection::TimePoint current_time() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

BatchResult run_batch(soci::session& session, const PassClock& clock, const log::Logger& logger,
                      SelectorMetrics* metrics, const db::RetryPolicy& policy) {
  // In a transaction of its own so that a lost connection is replaced and retried.
  const auto due = db::with_transaction(
      session, [](soci::session& s) { return sql::GetServersMonitorReview(s); }, policy);
  BatchResult result;
  result.servers = due.size();
  if (metrics) metrics->last_batch_size.set(static_cast<double>(due.size()));

  for (const auto& row : due) {
    const std::uint32_t server_id = row.server_id;
    const selection::TimePoint now = clock();
    const auto started = std::chrono::steady_clock::now();
    try {
      PassOutcome outcome = db::with_transaction(
          session, [&](soci::session& s) { return review_server(s, server_id, now, logger, true); }, policy);
      if (metrics) {
        metrics->process_duration.observe(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
      }
      report_pass(outcome, logger, metrics);
      if (outcome.skipped) result.skipped += 1;
      if (outcome.applied && outcome.applied->changed) result.changed += 1;
    } catch (const std::exception& e) {
      // D3: this server's writes were rolled back; record the review as unchanged so that a
      // server that always fails does not hold the head of the queue.
      result.failed += 1;
      if (metrics) metrics->servers.with({"failed"}).inc();
      logger.error("server pass failed; its changes were rolled back",
                   {{"server_id", server_id}, {"error", root_cause(e)}});
      db::with_transaction(session, [&](soci::session& s) { write_review(s, server_id, false, now); }, policy);
    }
  }
  return result;
}

}  // namespace ntpmon::selector
