// §8 violation tracking and §9 paused-row touch, one case per row of the §8 table.
#include <gtest/gtest.h>

#include "selection/tracking.h"

namespace {

using namespace ntpmon::selection;
using namespace std::chrono_literals;

const TimePoint kNow = std::chrono::floor<std::chrono::seconds>(
    std::chrono::sys_days{std::chrono::year{2026} / 1 / 15} + std::chrono::hours(12));

struct Case {
  const char* name;
  ServerStatus status;
  Violation current;
  std::optional<std::string> stored;
  std::optional<TimePoint> stored_since;
  std::optional<TimePoint> last_check;
  std::vector<std::tuple<TrackingOp, std::optional<TimePoint>>> expected;  // op, since (set_violation)
};

TEST(SelectorTracking, EveryRowOfTheTrackingTable) {
  const auto old = kNow - 30h;
  const std::vector<Case> cases = {
      {"none, stored -> clear (also paused)", ServerStatus::paused, Violation::none, "limit", old, kNow - 1h,
       {{TrackingOp::clear_violation, std::nullopt}}},
      {"none, nothing stored -> nothing", ServerStatus::active, Violation::none, std::nullopt, std::nullopt,
       std::nullopt, {}},
      {"same subnet, new -> set(now), pause", ServerStatus::active, Violation::network_same_subnet, std::nullopt,
       std::nullopt, std::nullopt,
       {{TrackingOp::set_violation, kNow}, {TrackingOp::set_status_paused, std::nullopt},
        {TrackingOp::set_pause_reason, std::nullopt}}},
      {"account, same stored with since -> set(stored since), pause", ServerStatus::candidate, Violation::account,
       "account", old, std::nullopt,
       {{TrackingOp::set_violation, old}, {TrackingOp::set_status_paused, std::nullopt},
        {TrackingOp::set_pause_reason, std::nullopt}}},
      {"account, same stored without since -> set(now), pause", ServerStatus::testing, Violation::account, "account",
       std::nullopt, std::nullopt,
       {{TrackingOp::set_violation, kNow}, {TrackingOp::set_status_paused, std::nullopt},
        {TrackingOp::set_pause_reason, std::nullopt}}},
      {"same subnet, other stored -> set(now), pause", ServerStatus::testing, Violation::network_same_subnet, "limit",
       old, std::nullopt,
       {{TrackingOp::set_violation, kNow}, {TrackingOp::set_status_paused, std::nullopt},
        {TrackingOp::set_pause_reason, std::nullopt}}},
      {"same subnet on a paused row, same stored -> nothing (not due)", ServerStatus::paused,
       Violation::network_same_subnet, "network_same_subnet", old, kNow - 1h, {}},
      {"same subnet on a paused row, nothing stored -> set(now), then touch (due)", ServerStatus::paused,
       Violation::network_same_subnet, std::nullopt, std::nullopt, std::nullopt,
       {{TrackingOp::set_violation, kNow}, {TrackingOp::touch_last_constraint_check, std::nullopt}}},
      {"limit, new -> set(now)", ServerStatus::active, Violation::limit, std::nullopt, std::nullopt, std::nullopt,
       {{TrackingOp::set_violation, kNow}}},
      {"diversity, other stored -> set(now)", ServerStatus::active, Violation::network_diversity, "limit", old,
       std::nullopt, {{TrackingOp::set_violation, kNow}}},
      {"diversity, same stored with since -> nothing (grandfathered)", ServerStatus::testing,
       Violation::network_diversity, "network_diversity", old, std::nullopt, {}},
      {"diversity, same stored without since -> set(now)", ServerStatus::testing, Violation::network_diversity,
       "network_diversity", std::nullopt, std::nullopt, {{TrackingOp::set_violation, kNow}}},
      {"limit on a candidate -> nothing (upstream dead branch)", ServerStatus::candidate, Violation::limit,
       std::nullopt, std::nullopt, std::nullopt, {}},
      {"paused, nothing stored, checked 9 h ago -> touch", ServerStatus::paused, Violation::none, std::nullopt,
       std::nullopt, kNow - 9h, {{TrackingOp::touch_last_constraint_check, std::nullopt}}},
  };
  for (const Case& c : cases) {
    Monitor m;
    m.id = 7;
    m.server_status = c.status;
    m.violation = c.current;
    m.stored_violation_type = c.stored;
    m.stored_violation_since = c.stored_since;
    m.last_constraint_check = c.last_check;
    const std::vector<Monitor> rows{m};
    std::vector<std::tuple<TrackingOp, std::optional<TimePoint>>> got;
    for (const TrackingWrite& w : tracking_writes(rows, kNow)) {
      EXPECT_EQ(w.monitor_id, 7u);
      got.emplace_back(w.op, w.op == TrackingOp::set_violation ? w.since : std::nullopt);
      if (w.op == TrackingOp::set_violation) {
        EXPECT_EQ(w.type, c.current) << c.name;
      }
    }
    EXPECT_EQ(got, c.expected) << c.name;
  }
}

// §8: steps 2 and 3 of a pause depend on the step before; nothing else does.
TEST(SelectorTracking, PauseStepsDependOnTheirPredecessor) {
  Monitor m;
  m.id = 3;
  m.server_status = ServerStatus::active;
  m.violation = Violation::account;
  const std::vector<Monitor> rows{m};
  const auto writes = tracking_writes(rows, kNow);
  ASSERT_EQ(writes.size(), 3u);
  EXPECT_FALSE(writes[0].requires_previous);
  EXPECT_TRUE(writes[1].requires_previous);
  EXPECT_TRUE(writes[2].requires_previous);
}

}  // namespace
