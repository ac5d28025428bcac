#include "selection/checks.h"

#include <limits>
#include <map>
#include <utility>
#include <vector>

#include "selection/constants.h"
#include "selection/ip_address.h"

namespace ntpmon::selection {

bool same_subnet_violation(std::string_view monitor_ip, std::string_view server_ip) {
  if (monitor_ip.empty() || server_ip.empty()) return false;  // cannot check
  const auto monitor = parse_ip(monitor_ip);
  const auto server = parse_ip(server_ip);
  if (!monitor || !server) return true;
  if (monitor->is_v4 != server->is_v4) return false;
  const int bits = monitor->is_v4 ? kSameSubnetPrefixV4 : kSameSubnetPrefixV6;
  return prefix_contains(*monitor, bits, *server);
}

bool network_diversity_violation(std::uint32_t monitor_id, std::string_view monitor_ip, ServerStatus target,
                                 std::span<const Monitor> rows) {
  if (target != ServerStatus::active && target != ServerStatus::testing) return false;
  if (monitor_ip.empty()) return false;
  const auto monitor = parse_ip(monitor_ip);
  if (!monitor) return true;
  const int bits = monitor->is_v4 ? kDiversityPrefixV4 : kDiversityPrefixV6;
  for (const Monitor& other : rows) {
    if (other.id == monitor_id || other.ip.empty()) continue;
    if (other.server_status != ServerStatus::active && other.server_status != ServerStatus::testing) continue;
    const auto address = parse_ip(other.ip);
    if (!address || address->is_v4 != monitor->is_v4) continue;
    if (prefix_contains(*monitor, bits, *address)) return true;
  }
  return false;
}

std::set<std::uint32_t> account_limit_violations(std::span<const Monitor> rows, const AccountLimits& limits) {
  struct Entry {
    std::uint32_t id;
    std::int64_t priority;
  };
  // (account, status) -> members in row order
  std::map<std::pair<std::uint32_t, ServerStatus>, std::vector<Entry>> groups;
  for (const Monitor& m : rows) {
    if (!m.account_id || !m.has_server_score) continue;
    if (m.server_status != ServerStatus::active && m.server_status != ServerStatus::testing) continue;
    // D1: a NULL priority sorts as the worst.
    groups[{*m.account_id, m.server_status}].push_back(
        {m.id, m.priority.value_or(std::numeric_limits<std::int64_t>::max())});
  }
  std::set<std::uint32_t> flagged;
  for (auto& [key, members] : groups) {
    const auto limit = limits.find(key.first);
    const std::int64_t x = limit == limits.end() ? kDefaultAccountLimit : limit->second.max_per_server;
    const std::int64_t cap = key.second == ServerStatus::active ? x : x + 1;
    const auto n = static_cast<std::int64_t>(members.size());
    if (n <= cap) continue;
    // The original's exchange sort, literally: its tie-breaking decides who is flagged.
    for (std::size_t i = 0; i + 1 < members.size(); ++i) {
      for (std::size_t j = i + 1; j < members.size(); ++j) {
        if (members[i].priority < members[j].priority) std::swap(members[i], members[j]);
      }
    }
    for (std::int64_t i = 0; i < n - cap; ++i) flagged.insert(members[static_cast<std::size_t>(i)].id);
  }
  return flagged;
}

State recommended_state(GlobalStatus global, ServerStatus server_status, Violation violation, bool healthy) {
  if (global == GlobalStatus::pending) return State::out;
  if (global != GlobalStatus::testing && global != GlobalStatus::active) return State::block;
  if (violation != Violation::none) return State::out;
  if (!healthy) return State::out;
  if (server_status == ServerStatus::testing && global == GlobalStatus::testing) return State::pending;
  return State::in;
}

bool outperforms(bool b_healthy, std::optional<std::int64_t> b_priority, bool w_healthy,
                 std::optional<std::int64_t> w_priority) {
  if (b_healthy && !w_healthy) return true;
  if (!b_healthy && w_healthy) return false;
  if (!b_priority) return false;  // D1
  if (!w_priority) return true;
  const std::int64_t d = *b_priority - *w_priority;
  double pct = 0;
  if (*w_priority == 0) {
    pct = *b_priority < 0 ? -100.0 : 100.0;
  } else {
    pct = static_cast<double>(d) / static_cast<double>(*w_priority) * 100.0;
  }
  return pct <= -kReplacementMinPercent && d <= -kReplacementMinPoints;
}

bool due_for_check(ServerStatus server_status, std::optional<TimePoint> last_check,
                   const std::optional<std::string>& pause_reason, TimePoint now) {
  if (server_status != ServerStatus::paused) return false;
  if (!last_check) return true;
  const std::string reason = pause_reason.value_or("constraint");
  if (reason == "constraint") return now - *last_check > kConstraintRecheck;
  if (reason == "excess") return now - *last_check > kExcessRecheck;
  return false;
}

bool violation_resolved(ServerStatus server_status, const std::optional<std::string>& stored_type,
                        std::string_view monitor_ip, std::string_view server_ip,
                        std::optional<std::uint32_t> monitor_account, std::optional<std::uint32_t> server_account) {
  if (server_status != ServerStatus::paused) return false;
  if (!stored_type) return true;
  if (*stored_type == to_string(Violation::network_same_subnet)) {
    return !same_subnet_violation(monitor_ip, server_ip);
  }
  if (*stored_type == to_string(Violation::account)) {
    return !(monitor_account && server_account && *monitor_account == *server_account);
  }
  return true;
}

std::string emergency_reason(std::string_view base, ServerStatus to, bool bootstrap) {
  const std::string prefix = bootstrap ? "bootstrap " : "";
  if (to == ServerStatus::active) return prefix + "emergency promotion: zero active monitors";
  if (to == ServerStatus::testing) return prefix + "emergency promotion to testing: zero active monitors";
  return std::string(base);
}

}  // namespace ntpmon::selection
