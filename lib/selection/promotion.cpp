#include "selection/promotion.h"

#include "selection/checks.h"

namespace ntpmon::selection {
namespace {

bool account_allows(const Monitor& monitor, ServerStatus target, const AccountLimits& working,
                    const Server& server) {
  if (monitor.account_id && server.account_id && *monitor.account_id == *server.account_id) return false;
  if (!monitor.account_id) return true;
  const auto entry = working.find(*monitor.account_id);
  if (entry == working.end()) return false;
  const AccountLimit& limit = entry->second;
  std::int64_t active = limit.active;
  std::int64_t testing = limit.testing;
  if (monitor.server_status == ServerStatus::active) active -= 1;
  if (monitor.server_status == ServerStatus::testing) testing -= 1;
  const std::int64_t x = limit.max_per_server;
  if (target == ServerStatus::active) return !(active >= x || active + testing > x + 1);
  if (target == ServerStatus::testing) return !(testing >= x + 1 || active + testing > x + 1);
  return true;
}

}  // namespace

bool can_promote(const Monitor& monitor, ServerStatus target, const AccountLimits& working,
                 const PromotionContext& context) {
  if (target == ServerStatus::active) {
    if (monitor.global != GlobalStatus::active || !monitor.healthy) return false;
  } else if (target == ServerStatus::testing) {
    if (monitor.global != GlobalStatus::active && monitor.global != GlobalStatus::testing) return false;
  }
  if (context.emergency_override) return true;
  if (same_subnet_violation(monitor.ip, context.server.ip)) return false;
  if (!account_allows(monitor, target, working, context.server)) return false;
  return !network_diversity_violation(monitor.id, monitor.ip, target, context.rows);
}

void record_move(AccountLimits& working, const Monitor& monitor, ServerStatus from, ServerStatus to) {
  if (!monitor.account_id) return;
  const auto entry = working.find(*monitor.account_id);
  if (entry == working.end()) return;
  AccountLimit& limit = entry->second;
  if (from == ServerStatus::active && limit.active > 0) limit.active -= 1;
  if (from == ServerStatus::testing && limit.testing > 0) limit.testing -= 1;
  if (to == ServerStatus::active) limit.active += 1;
  if (to == ServerStatus::testing) limit.testing += 1;
}

}  // namespace ntpmon::selection
