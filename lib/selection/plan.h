#pragma once
// One pass of the selector for one server as a plan (spec/selector.md §12 steps 1-5 and 7):
// the evaluated monitors, the change list of the rules, and the tracking writes. `once`
// applies a plan, `simulate` prints it; both build it with plan_pass().

#include <span>
#include <string>
#include <vector>

#include "selection/evaluation.h"
#include "selection/monitor.h"
#include "selection/rules.h"
#include "selection/tracking.h"

namespace ntpmon::selection {

struct Plan {
  Server server;
  TimePoint now{};
  std::vector<Monitor> monitors;  // evaluated, row order
  PassParameters parameters;
  std::vector<Change> changes;          // §6, in order; applied in this order (§7)
  std::vector<TrackingWrite> tracking;  // §8 then §9
  std::vector<Finding> findings;        // bad data seen (logged, never fatal)
  // §6.12: the original only logs these ("CRITICAL") when the targets are overshot.
  std::vector<std::string> post_check_warnings;
};

Plan plan_pass(const Server& server, std::span<const MonitorRow> rows, TimePoint now);

// "monitor 8: active -> testing (rule 1.5: excess active demotion)"
std::string describe(const Change& change);
// "monitor 3: set_violation limit since 2026-01-02 03:04:05 (§8: violation limit recorded)"
std::string describe(const TrackingWrite& write);

}  // namespace ntpmon::selection
