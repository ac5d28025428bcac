#include "inputs.h"

#include "sql/selector.h"

namespace ntpmon::selector {
namespace {

selection::GlobalStatus global_status(sql::MonitorsStatus s) {
  switch (s) {
    case sql::MonitorsStatus::pending: return selection::GlobalStatus::pending;
    case sql::MonitorsStatus::testing: return selection::GlobalStatus::testing;
    case sql::MonitorsStatus::active: return selection::GlobalStatus::active;
    case sql::MonitorsStatus::paused: return selection::GlobalStatus::paused;
    case sql::MonitorsStatus::deleted: return selection::GlobalStatus::deleted;
  }
  return selection::GlobalStatus::deleted;
}

selection::ServerStatus server_status(sql::ServerScoresStatus s) {
  switch (s) {
    case sql::ServerScoresStatus::candidate: return selection::ServerStatus::candidate;
    case sql::ServerScoresStatus::testing: return selection::ServerStatus::testing;
    case sql::ServerScoresStatus::active: return selection::ServerStatus::active;
    case sql::ServerScoresStatus::paused: return selection::ServerStatus::paused;
  }
  return selection::ServerStatus::candidate;
}

selection::MonitorRow monitor_row(sql::GetMonitorPriorityRow&& r) {
  selection::MonitorRow m;
  m.id = r.id;
  m.id_token = std::move(r.id_token);
  m.tls_name = std::move(r.tls_name);
  m.account_id = r.account_id;
  m.monitor_ip = std::move(r.monitor_ip);
  m.avg_rtt = r.avg_rtt;
  m.monitor_priority = r.monitor_priority;
  // Never NULL (every log_scores row in the window has a step); see GetMonitorPriority.
  m.avg_step = r.avg_step.value_or(0.0);
  m.healthy = r.healthy.value_or(1) != 0;
  m.monitor_status = global_status(r.monitor_status);
  if (r.status) m.status = server_status(*r.status);
  m.count = r.count;
  m.account_flags = std::move(r.account_flags);
  m.constraint_violation_type = std::move(r.constraint_violation_type);
  m.constraint_violation_since = r.constraint_violation_since;
  m.last_constraint_check = r.last_constraint_check;
  m.pause_reason = std::move(r.pause_reason);
  return m;
}

}  // namespace

PassInputs load_pass_inputs(soci::session& session, std::uint32_t server_id) {
  auto server = sql::SelectorGetServer(session, server_id);
  if (!server) throw ServerNotFound(server_id);
  PassInputs inputs;
  inputs.server = {server->id, std::move(server->ip), server->account_id};
  auto rows = sql::GetMonitorPriority(session, server_id);
  inputs.rows.reserve(rows.size());
  for (auto& r : rows) inputs.rows.push_back(monitor_row(std::move(r)));
  return inputs;
}

}  // namespace ntpmon::selector
