#pragma once
// §6.9 the promotion check used by Rules 3, 5, 6 and the replacement procedure, and the
// bookkeeping of the working account limits after a promotion or demotion.

#include <span>

#include "selection/monitor.h"

namespace ntpmon::selection {

struct PromotionContext {
  const Server& server;
  std::span<const Monitor> rows;  // the original rows with their loaded statuses
  bool emergency_override = false;
};

// attempt(monitor, target): global status (and health for active) always; under
// emergencyOverride nothing else; otherwise same subnet, same account, the account caps
// against `working` (self excluded by its loaded server status; the total test does not add
// the monitor itself) and network diversity against the loaded statuses.
bool can_promote(const Monitor& monitor, ServerStatus target, const AccountLimits& working,
                 const PromotionContext& context);

// §6.9 step 4: one less in `from` (never below 0), one more in `to`, for the monitor's
// account if it has an entry.
void record_move(AccountLimits& working, const Monitor& monitor, ServerStatus from, ServerStatus to);

}  // namespace ntpmon::selection
