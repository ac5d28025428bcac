#include "pass_runner.h"

#include <soci/soci.h>

#include <ostream>

#include "db/transaction.h"
#include "inputs.h"
#include "selection/constants.h"
#include "selector_metrics.h"
#include "sql/selector.h"

namespace ntpmon::selector {

selection::Plan build_plan(soci::session& session, std::uint32_t server_id, selection::TimePoint now) {
  const PassInputs inputs = load_pass_inputs(session, server_id);
  return selection::plan_pass(inputs.server, inputs.rows, now);
}

selection::TimePoint next_review_time(bool changed, selection::TimePoint now) {
  return now + (changed ? std::chrono::duration_cast<std::chrono::seconds>(selection::kNextReviewChanged)
                        : std::chrono::duration_cast<std::chrono::seconds>(selection::kNextReviewUnchanged));
}

void write_review(soci::session& session, std::uint32_t server_id, bool changed, selection::TimePoint now) {
  const selection::TimePoint next = next_review_time(changed, now);
  if (changed) {
    sql::UpdateServersMonitorReviewChanged(session, next, server_id);
  } else {
    sql::UpdateServersMonitorReview(session, next, server_id);
  }
}

PassOutcome review_server(soci::session& session, std::uint32_t server_id, selection::TimePoint now,
                          const log::Logger& logger, bool claim_if_due) {
  PassOutcome outcome;
  if (claim_if_due && !sql::ClaimServerForReview(session, server_id)) {
    outcome.skipped = true;
    return outcome;
  }
  outcome.applied = apply_plan(session, build_plan(session, server_id, now), logger);
  write_review(session, server_id, outcome.applied->changed, now);
  outcome.next_review = next_review_time(outcome.applied->changed, now);
  return outcome;
}

PassOutcome run_once(soci::session& session, std::uint32_t server_id, selection::TimePoint now,
                     const log::Logger& logger, SelectorMetrics* metrics, const db::RetryPolicy& policy) {
  const auto started = std::chrono::steady_clock::now();
  PassOutcome outcome = db::with_transaction(
      session, [&](soci::session& s) { return review_server(s, server_id, now, logger, false); }, policy);
  if (metrics) {
    metrics->process_duration.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  report_pass(outcome, logger, metrics);
  return outcome;
}

selection::Plan run_simulate(soci::session& session, std::uint32_t server_id, selection::TimePoint now) {
  return build_plan(session, server_id, now);
}

void report_pass(const PassOutcome& outcome, const log::Logger& logger, SelectorMetrics* metrics) {
  if (outcome.skipped || !outcome.applied) {
    if (metrics) metrics->servers.with({"skipped"}).inc();
    return;
  }
  const AppliedPass& a = *outcome.applied;
  const std::uint32_t server_id = a.plan.server.id;
  for (const selection::Finding& f : a.plan.findings) {
    logger.warn("bad data", {{"server_id", server_id}, {"monitor_id", f.monitor_id}, {"account_id", f.account_id},
                             {"problem", f.problem}});
  }
  for (const std::string& w : a.plan.post_check_warnings) {
    logger.warn("targets overshot after the rules (logged only, spec §6.12)", {{"server_id", server_id}, {"detail", w}});
  }
  for (const selection::Change& c : a.applied_changes) {
    logger.info("status change", {{"server_id", server_id}, {"monitor_id", c.monitor_id},
                                  {"from", to_string(c.from)}, {"to", to_string(c.to)},
                                  {"rule", to_string(c.rule)}, {"reason", c.reason}});
  }
  for (const selection::TrackingWrite& w : a.applied_tracking) {
    logger.info("tracking write", {{"server_id", server_id}, {"monitor_id", w.monitor_id}, {"op", to_string(w.op)},
                                   {"violation", to_string(w.type)}, {"reason", w.reason}});
  }
  logger.info("server reviewed",
              {{"server_id", server_id}, {"monitors", a.plan.monitors.size()}, {"changes", a.applied_changes.size()},
               {"failed_changes", a.failed_changes}, {"tracking_writes", a.applied_tracking.size()},
               {"emergency_gate", a.plan.parameters.gate}, {"changed", a.changed}});
  if (!metrics) return;
  metrics->servers.with({a.changed ? "changed" : "unchanged"}).inc();
  metrics->monitors_evaluated.inc(static_cast<double>(a.plan.monitors.size()));
  metrics->bad_data.inc(static_cast<double>(a.plan.findings.size()));
  if (a.plan.parameters.gate) metrics->gate_fired.inc();
  metrics->changes_applied.inc(static_cast<double>(a.applied_changes.size()));
  metrics->changes_failed.inc(static_cast<double>(a.failed_changes));
  for (const selection::Change& c : a.applied_changes) {
    metrics->status_changes.with({to_string(c.from), to_string(c.to), to_string(c.rule)}).inc();
  }
  for (const selection::TrackingWrite& w : a.applied_tracking) metrics->tracking_writes.with({to_string(w.op)}).inc();
  for (const selection::Monitor& m : a.plan.monitors) {
    if (m.violation != selection::Violation::none) metrics->violations.with({to_string(m.violation)}).inc();
  }
}

void print_plan(std::ostream& out, const selection::Plan& plan, const AppliedPass* applied) {
  const auto& changes = applied ? applied->applied_changes : plan.changes;
  const auto& tracking = applied ? applied->applied_tracking : plan.tracking;
  out << "server " << plan.server.id << ": " << plan.monitors.size() << " monitors, " << changes.size()
      << " status changes, " << tracking.size() << " tracking writes"
      << (plan.parameters.gate ? " (emergency gate: no rule ran)" : "") << "\n";
  out << "status changes:\n";
  for (const selection::Change& c : changes) out << describe(c) << "\n";
  out << "tracking writes:\n";
  for (const selection::TrackingWrite& w : tracking) out << describe(w) << "\n";
  if (applied) {
    out << "changed: " << (applied->changed ? "true" : "false") << " (next review in "
        << (applied->changed ? "60" : "20") << " minutes)\n";
  } else {
    out << "would change: " << (changes.empty() ? "false" : "true") << "\n";
  }
}

}  // namespace ntpmon::selector
