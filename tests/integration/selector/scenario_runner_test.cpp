// The acceptance scenario runner (spec/selector.md A.3 and the project's D* scenarios):
// each "pass" scenario is loaded into the database, GetMonitorPriority is checked to
// reproduce the scenario's rows, one pass runs through the code path of
// `monitor-selector once` (run_once), and the applied changes, final statuses, tracking
// writes, `changed`, the next review and the audit record are compared with the expectation.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <cmath>

#include "batch.h"
#include "log/logger.h"
#include "pass_runner.h"
#include "scenario.h"
#include "scenario_db.h"
#include "sql/selector.h"
#include "sqlrt/time.h"
#include "test_database.h"

namespace {

using namespace ntpmon;
using namespace ntpmon::test::selector;
using selection::TimePoint;

test::TestDatabase& database() {
  static test::TestDatabase db{"selector_scenarios"};
  return db;
}

log::Logger quiet_logger() {
  return log::Logger(log::stderr_sink(), log::Level::error);
}

// Rounding of doubles by the database's ROUND(): half to even (MySQL and MariaDB both use
// rint()); the scenarios were computed with Go's math.Round (half away from zero). Only an
// exact .5 tie can differ.
bool same_priority(const std::optional<std::int64_t>& db_value, const selection::MonitorRow& expected) {
  if (db_value == expected.monitor_priority) return true;
  if (!db_value || !expected.monitor_priority || !expected.avg_rtt) return false;
  const double exact = *expected.avg_rtt * (1 + 2 * (1 - expected.avg_step));
  return std::abs(exact - std::floor(exact) - 0.5) < 1e-9 && std::nearbyint(exact) == static_cast<double>(*db_value);
}

class SelectorScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(SelectorScenario, OncePassMatchesExpectation) {
  auto& db = database();
  auto& session = db.session();
  const TimePoint now = selector::current_time();
  const PassScenario s = load_pass_scenario(GetParam(), now);
  clear_selector_tables(db);
  load_scenario(db, s, now);

  // The view reproduces the scenario's rows, in row order.
  const auto view = sql::GetMonitorPriority(session, s.server.id);
  ASSERT_EQ(view.size(), s.rows.size());
  for (std::size_t i = 0; i < view.size(); ++i) {
    const auto& got = view[i];
    const auto& want = s.rows[i];
    SCOPED_TRACE("row " + std::to_string(i) + " monitor " + std::to_string(want.id));
    EXPECT_EQ(got.id, want.id);
    EXPECT_EQ(got.count, want.count);
    ASSERT_TRUE(got.healthy.has_value() && got.avg_step.has_value());
    EXPECT_EQ(*got.healthy != 0, want.healthy);
    EXPECT_DOUBLE_EQ(*got.avg_step, want.avg_step);
    ASSERT_EQ(got.avg_rtt.has_value(), want.avg_rtt.has_value());
    if (want.avg_rtt) {
      EXPECT_NEAR(*got.avg_rtt, *want.avg_rtt, 1e-9);
    }
    EXPECT_TRUE(same_priority(got.monitor_priority, want))
        << "priority " << got.monitor_priority.value_or(-1) << " vs " << want.monitor_priority.value_or(-1);
    EXPECT_EQ(got.status.has_value(), want.status.has_value());
  }

  // One pass through the code path of `monitor-selector once`.
  const selector::PassOutcome outcome = selector::run_once(session, s.server.id, now, quiet_logger(), nullptr);
  ASSERT_TRUE(outcome.applied.has_value());
  const selector::AppliedPass& applied = *outcome.applied;

  std::vector<ExpectedChange> changes;
  for (const auto& c : applied.applied_changes) {
    changes.push_back({c.monitor_id, std::string(to_string(c.from)), std::string(to_string(c.to)), c.reason});
  }
  EXPECT_EQ(changes, s.changes);
  EXPECT_EQ(applied.failed_changes, 0);

  std::vector<ExpectedTracking> tracking;
  for (const auto& w : applied.applied_tracking) {
    const bool violation = w.op == selection::TrackingOp::set_violation;
    tracking.push_back({std::string(to_string(w.op)), w.monitor_id,
                        violation ? std::string(to_string(w.type)) : std::string(),
                        violation ? w.since : std::nullopt});
  }
  EXPECT_EQ(tracking, s.tracking);
  EXPECT_EQ(applied.failed_tracking, 0);

  EXPECT_EQ(applied.changed, s.changed);
  EXPECT_EQ(server_statuses(session, s.server.id), s.final_server_status);

  // The review write-back.
  std::string next_review;
  std::string last_change_null;
  session << "SELECT DATE_FORMAT(next_review, '%Y-%m-%d %H:%i:%s'), IF(last_change IS NULL, 'null', 'set') "
             "FROM servers_monitor_review WHERE server_id = :id",
      soci::use(s.server.id), soci::into(next_review), soci::into(last_change_null);
  const auto minutes = s.next_review == "+60m" ? std::chrono::minutes(60) : std::chrono::minutes(20);
  EXPECT_EQ(next_review, sqlrt::format_datetime(now + minutes));
  EXPECT_EQ(last_change_null, s.changed ? "set" : "null");

  // The stored violations are what the tracking writes said.
  for (const auto& w : s.tracking) {
    if (w.op != "set_violation") continue;
    std::string type;
    std::string since;
    session << "SELECT constraint_violation_type, DATE_FORMAT(constraint_violation_since, '%Y-%m-%d %H:%i:%s') "
               "FROM server_scores WHERE server_id = :s AND monitor_id = :m",
        soci::use(s.server.id), soci::use(w.monitor_id), soci::into(type), soci::into(since);
    EXPECT_EQ(type, w.type) << "monitor " << w.monitor_id;
    EXPECT_EQ(since, sqlrt::format_datetime(*w.since)) << "monitor " << w.monitor_id;
  }

  // D4: one audit row per applied change and tracking write, in order.
  const auto log = sql::ListSelectorLog(session, s.server.id);
  ASSERT_EQ(log.size(), changes.size() + tracking.size());
  for (std::size_t i = 0; i < changes.size(); ++i) {
    EXPECT_EQ(log[i].kind, sql::SelectorLogKind::status_change);
    EXPECT_EQ(log[i].monitor_id, changes[i].monitor_id);
    EXPECT_EQ(log[i].reason, changes[i].reason);
    EXPECT_EQ(log[i].from_status, changes[i].from);
    EXPECT_EQ(log[i].to_status, changes[i].to);
    EXPECT_EQ(log[i].rule, std::string(to_string(applied.applied_changes[i].rule)));
  }
  for (std::size_t i = 0; i < tracking.size(); ++i) {
    const auto& row = log[changes.size() + i];
    EXPECT_EQ(row.kind, sql::SelectorLogKind::tracking);
    EXPECT_EQ(row.monitor_id, tracking[i].monitor_id);
    EXPECT_EQ(row.action, tracking[i].op);
  }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, SelectorScenario, ::testing::ValuesIn(pass_scenario_ids()),
                         [](const auto& info) { return info.param; });

}  // namespace
