#include "selection/plan.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>

#include "selection/constants.h"

namespace ntpmon::selection {

Plan plan_pass(const Server& server, std::span<const MonitorRow> rows, TimePoint now) {
  Plan plan;
  plan.server = server;
  plan.now = now;
  Evaluation evaluation = evaluate(server, rows);
  plan.monitors = std::move(evaluation.monitors);
  plan.findings = std::move(evaluation.findings);

  RuleEngine engine(server, plan.monitors, evaluation.limits, now);
  plan.parameters = pass_parameters(plan.monitors, engine.lists);
  plan.changes = engine.run(plan.parameters.gate);
  plan.tracking = tracking_writes(plan.monitors, now);

  if (!plan.parameters.gate) {
    const int wa = engine.working_active;
    const int wt = engine.working_testing;
    if (wa > kTargetActive) {
      plan.post_check_warnings.push_back(fmt::format("working active count {} is above the target {}", wa, kTargetActive));
    }
    const int testing_target = kBaseTesting + std::max(0, kTargetActive - wa);
    if (wt > testing_target) {
      plan.post_check_warnings.push_back(
          fmt::format("working testing count {} is above the dynamic target {}", wt, testing_target));
    }
  }
  return plan;
}

std::string describe(const Change& change) {
  return fmt::format("monitor {}: {} -> {} ({}: {})", change.monitor_id, to_string(change.from),
                     to_string(change.to), to_string(change.rule), change.reason);
}

std::string describe(const TrackingWrite& write) {
  std::string what(to_string(write.op));
  switch (write.op) {
    case TrackingOp::set_violation: {
      what += ' ';
      what += to_string(write.type);
      if (write.since) what += fmt::format(" since {:%Y-%m-%d %H:%M:%S}", *write.since);
      break;
    }
    case TrackingOp::set_status_paused: what += " paused"; break;
    case TrackingOp::set_pause_reason: what += " constraint"; break;
    case TrackingOp::clear_violation:
    case TrackingOp::touch_last_constraint_check: break;
  }
  return fmt::format("monitor {}: {} ({}: {})", write.monitor_id, what, write.section, write.reason);
}

}  // namespace ntpmon::selection
