#include "plan_applier.h"

#include <nlohmann/json.hpp>

#include "db/transient.h"
#include "sql/selector.h"

namespace ntpmon::selector {
namespace {

using selection::TrackingOp;

sql::ServerScoresStatus sql_status(selection::ServerStatus s) {
  switch (s) {
    case selection::ServerStatus::candidate: return sql::ServerScoresStatus::candidate;
    case selection::ServerStatus::testing: return sql::ServerScoresStatus::testing;
    case selection::ServerStatus::active: return sql::ServerScoresStatus::active;
    case selection::ServerStatus::paused: return sql::ServerScoresStatus::paused;
  }
  return sql::ServerScoresStatus::candidate;
}

std::optional<std::string> violation_text(selection::Violation v) {
  if (v == selection::Violation::none) return std::nullopt;
  return std::string(to_string(v));
}

void execute(soci::session& s, std::uint32_t server_id, const selection::TrackingWrite& w) {
  switch (w.op) {
    case TrackingOp::set_violation:
      sql::UpdateServerScoreConstraintViolation(s, violation_text(w.type), w.since, w.monitor_id, server_id);
      return;
    case TrackingOp::set_status_paused:
      sql::SelectorUpdateServerScoreStatus(s, sql::ServerScoresStatus::paused, w.monitor_id, server_id);
      return;
    case TrackingOp::set_pause_reason:
      sql::UpdateServerScorePauseReason(s, std::string("constraint"), w.monitor_id, server_id);
      return;
    case TrackingOp::clear_violation:
      sql::ClearServerScoreConstraintViolation(s, w.monitor_id, server_id);
      return;
    case TrackingOp::touch_last_constraint_check:
      sql::UpdateServerScoreLastConstraintCheck(s, w.monitor_id, server_id);
      return;
  }
}

// D4 audit entries (sql/procedures/selector_audit.sql), written in one statement per pass.
nlohmann::json audit_entry(const selection::Change& c) {
  const std::string from(to_string(c.from));
  const std::string to(to_string(c.to));
  return {{"m", c.monitor_id}, {"k", "status_change"}, {"r", to_string(c.rule)}, {"a", from + " -> " + to},
          {"f", from},         {"t", to},              {"why", c.reason}};
}

nlohmann::json audit_entry(const selection::TrackingWrite& w) {
  nlohmann::json entry = {{"m", w.monitor_id},
                          {"k", "tracking"},
                          {"r", w.section == "§9" ? "paused check" : "tracking"},
                          {"a", to_string(w.op)},
                          {"why", w.reason}};
  if (w.op == TrackingOp::set_status_paused) entry["t"] = "paused";
  if (w.type != selection::Violation::none) entry["v"] = to_string(w.type);
  return entry;
}

}  // namespace

AppliedPass apply_plan(soci::session& session, selection::Plan plan, const log::Logger& logger) {
  AppliedPass out;
  const std::uint32_t server_id = plan.server.id;
  nlohmann::json audit = nlohmann::json::array();

  // §7: every change in list order; the last one of a monitor decides its status.
  for (const selection::Change& c : plan.changes) {
    try {
      sql::SelectorUpdateServerScoreStatus(session, sql_status(c.to), c.monitor_id, server_id);
    } catch (const std::exception& e) {
      if (db::is_transient(e)) throw;
      out.failed_changes += 1;
      logger.warn("status change failed", {{"server_id", server_id}, {"monitor_id", c.monitor_id},
                                           {"from", to_string(c.from)}, {"to", to_string(c.to)},
                                           {"rule", to_string(c.rule)}, {"error", e}});
      continue;
    }
    audit.push_back(audit_entry(c));
    out.applied_changes.push_back(c);
  }
  out.changed = !out.applied_changes.empty();

  // §8 and §9. Steps 2 and 3 of a pause run only after the step before succeeded.
  bool previous_ok = true;
  for (const selection::TrackingWrite& w : plan.tracking) {
    if (w.requires_previous && !previous_ok) {
      out.skipped_tracking += 1;
      logger.warn("tracking write skipped after a failed step",
                  {{"server_id", server_id}, {"monitor_id", w.monitor_id}, {"op", to_string(w.op)}});
      continue;
    }
    try {
      execute(session, server_id, w);
      previous_ok = true;
    } catch (const std::exception& e) {
      if (db::is_transient(e)) throw;
      previous_ok = false;
      out.failed_tracking += 1;
      logger.warn("tracking write failed", {{"server_id", server_id}, {"monitor_id", w.monitor_id},
                                             {"op", to_string(w.op)}, {"error", e}});
      continue;
    }
    audit.push_back(audit_entry(w));
    out.applied_tracking.push_back(w);
  }
  // The record of what was applied, in the same transaction; a failure here fails the pass.
  if (!audit.empty()) {
    sql::InsertSelectorLog(session, server_id, audit.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  out.plan = std::move(plan);
  return out;
}

}  // namespace ntpmon::selector
