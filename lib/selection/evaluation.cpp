#include "selection/evaluation.h"

#include "selection/account_flags.h"
#include "selection/checks.h"
#include "selection/ip_address.h"

namespace ntpmon::selection {
namespace {

Monitor record_from_row(const MonitorRow& row) {
  Monitor m;
  m.id = row.id;
  m.account_id = row.account_id;
  m.ip = row.monitor_ip.value_or("");
  m.global = row.monitor_status;
  m.server_status = row.status.value_or(ServerStatus::candidate);
  m.has_server_score = row.status.has_value();
  m.priority = row.monitor_priority;
  // §2.3: a negative priority forces unhealthy; D1: so does a NULL one.
  m.healthy = row.healthy && row.monitor_priority && *row.monitor_priority >= 0;
  m.count = row.count;
  m.stored_violation_type = row.constraint_violation_type;
  m.stored_violation_since = row.constraint_violation_since;
  m.last_constraint_check = row.last_constraint_check;
  m.pause_reason = row.pause_reason;
  return m;
}

void note_row_findings(const Server& server, const MonitorRow& row, std::vector<Finding>& findings) {
  if (row.monitor_ip && !row.monitor_ip->empty() && !parse_ip(*row.monitor_ip)) {
    findings.push_back({row.id, row.account_id,
                        "monitor IP '" + *row.monitor_ip +
                            "' does not parse; it counts as a network_same_subnet violation (spec §4.3a)"});
  }
  if (!row.monitor_priority) {
    findings.push_back({row.id, row.account_id,
                        "every rtt of the monitor in the 24 h window is NULL; it is treated as unhealthy and "
                        "ordered last (D1)"});
  }
  if (!row.status) {
    findings.push_back({row.id, row.account_id,
                        "monitor has log_scores for server " + std::to_string(server.id) +
                            " but no server_scores row; it is a candidate whose updates match no row (spec §2.2)"});
  }
}

}  // namespace

AccountLimits build_account_limits(std::span<const MonitorRow> rows, std::vector<Finding>* findings) {
  AccountLimits limits;
  for (const MonitorRow& row : rows) {
    if (!row.account_id) continue;
    auto [entry, inserted] = limits.try_emplace(*row.account_id);
    if (inserted) {
      const AccountFlagsLimit flags = per_server_limit_from_flags(row.account_flags);
      entry->second.max_per_server = flags.per_server_limit;
      if (flags.decode_error && findings) {
        findings->push_back({std::nullopt, row.account_id,
                             "accounts.flags of account " + std::to_string(*row.account_id) + " do not decode (" +
                                 *flags.decode_error + "); the default limit 2 is used (spec §4.1)"});
      }
    }
    if (row.status == ServerStatus::active) entry->second.active += 1;
    if (row.status == ServerStatus::testing) entry->second.testing += 1;
  }
  return limits;
}

Evaluation evaluate(const Server& server, std::span<const MonitorRow> rows) {
  Evaluation out;
  if (!server.ip.empty() && !parse_ip(server.ip)) {
    out.findings.push_back({std::nullopt, std::nullopt,
                            "server IP '" + server.ip +
                                "' does not parse; every monitor with an IP gets a network_same_subnet violation "
                                "(spec Ambiguities #7)"});
  }
  out.monitors.reserve(rows.size());
  for (const MonitorRow& row : rows) {
    note_row_findings(server, row, out.findings);
    out.monitors.push_back(record_from_row(row));
  }
  out.limits = build_account_limits(rows, &out.findings);

  const std::set<std::uint32_t> over_limit = account_limit_violations(out.monitors, out.limits);
  for (Monitor& m : out.monitors) {
    if (over_limit.contains(m.id)) {
      m.violation = Violation::limit;
    } else if (same_subnet_violation(m.ip, server.ip)) {
      m.violation = Violation::network_same_subnet;
    } else if (m.account_id && server.account_id && *m.account_id == *server.account_id) {
      m.violation = Violation::account;
    } else if (network_diversity_violation(m.id, m.ip, m.server_status, out.monitors)) {
      m.violation = Violation::network_diversity;
    }
    m.state = recommended_state(m.global, m.server_status, m.violation, m.healthy);
  }
  return out;
}

}  // namespace ntpmon::selection
