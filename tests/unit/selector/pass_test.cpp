// Full-pass scenarios (spec/selector.md A.3, plus the project's own D* and Q* scenarios)
// through the pure planner: the change list, the tracking writes and the final statuses the
// plan leads to. tests/integration/selector runs the same files through the database.
#include <gtest/gtest.h>

#include <map>

#include "scenario.h"
#include "selection/plan.h"

namespace {

using namespace ntpmon::selection;
using namespace ntpmon::test::selector;

const TimePoint kNow = std::chrono::floor<std::chrono::seconds>(
    std::chrono::sys_days{std::chrono::year{2026} / 1 / 15} + std::chrono::hours(12));

// The statuses the plan leaves (§7 last write wins, then the §8 pauses), for rows that
// have a server_scores row.
std::map<std::string, std::vector<std::uint32_t>> final_statuses(const PassScenario& s, const Plan& plan) {
  std::map<std::uint32_t, std::string> status;
  for (const MonitorRow& r : s.rows) {
    if (r.status) status[r.id] = std::string(to_string(*r.status));
  }
  for (const Change& c : plan.changes) {
    if (status.contains(c.monitor_id)) status[c.monitor_id] = std::string(to_string(c.to));
  }
  for (const TrackingWrite& w : plan.tracking) {
    if (w.op == TrackingOp::set_status_paused && status.contains(w.monitor_id)) status[w.monitor_id] = "paused";
  }
  std::map<std::string, std::vector<std::uint32_t>> grouped;
  for (const auto& [id, st] : status) grouped[st].push_back(id);
  return grouped;
}

class SelectorPass : public ::testing::TestWithParam<std::string> {};

TEST_P(SelectorPass, PlanMatchesScenario) {
  const PassScenario s = load_pass_scenario(GetParam(), kNow);
  const Plan plan = plan_pass(s.server, s.rows, kNow);

  std::vector<ExpectedChange> changes;
  for (const Change& c : plan.changes) {
    changes.push_back({c.monitor_id, std::string(to_string(c.from)), std::string(to_string(c.to)), c.reason});
  }
  EXPECT_EQ(changes, s.changes);

  std::vector<ExpectedTracking> tracking;
  for (const TrackingWrite& w : plan.tracking) {
    tracking.push_back({std::string(to_string(w.op)), w.monitor_id,
                        w.op == TrackingOp::set_violation ? std::string(to_string(w.type)) : std::string(),
                        w.op == TrackingOp::set_violation ? w.since : std::nullopt});
  }
  EXPECT_EQ(tracking, s.tracking);

  EXPECT_EQ(!plan.changes.empty(), s.changed);
  EXPECT_EQ(final_statuses(s, plan), s.final_server_status);
}

INSTANTIATE_TEST_SUITE_P(Scenarios, SelectorPass, ::testing::ValuesIn(pass_scenario_ids()),
                         [](const auto& info) { return info.param; });

}  // namespace
