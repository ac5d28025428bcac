// The acceptance scenario runner (spec/selector.md A.3 and the project's D* scenarios):
// each "pass" scenario is loaded into the database, GetMonitorPriority is checked to
// reproduce the scenario's rows, one pass runs through the code path of
// `monitor-selector once` (run_once), and the applied changes, final statuses, tracking
// writes, `changed`, the next review and the audit record are compared with the expectation.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include <cmath>
#include <map>
#include <set>

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

  // The other tracking writes did what A.1 says: pause reason 'constraint', violation
  // cleared, and for all three last_constraint_check set by this pass (NOW() of the database,
  // not before the pass time).
  for (const auto& w : s.tracking) {
    if (w.op == "set_violation" || w.op == "set_status") continue;
    std::string reason;
    std::string type;
    long long checked_now = 0;
    soci::indicator reason_ind{};
    soci::indicator type_ind{};
    session << "SELECT pause_reason, constraint_violation_type, "
               "IFNULL(last_constraint_check >= :now, 0) FROM server_scores WHERE server_id = :s AND monitor_id = :m",
        soci::use(sqlrt::format_datetime(now)), soci::use(s.server.id), soci::use(w.monitor_id),
        soci::into(reason, reason_ind), soci::into(type, type_ind), soci::into(checked_now);
    EXPECT_EQ(checked_now, 1) << w.op << " monitor " << w.monitor_id;
    if (w.op == "set_pause_reason") {
      EXPECT_EQ(reason_ind == soci::i_ok ? reason : "NULL", "constraint") << "monitor " << w.monitor_id;
    }
    if (w.op == "clear_violation") {
      EXPECT_EQ(reason_ind, soci::i_null) << "monitor " << w.monitor_id;
      EXPECT_EQ(type_ind, soci::i_null) << "monitor " << w.monitor_id;
    }
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

// The scenario folder holds exactly the spec's acceptance set (A.3-A.5) plus the project's
// own, each file named by its id: every "pass" file is run above, every rule- and
// check-level file by selector_unit_test (SelectorRules.R*, SelectorChecks.C*), with the
// number of cases the spec lists. A missing, renamed or unknown file fails here.
TEST(SelectorScenarioSet, EverySpecScenarioIsPresentAndEveryFileIsRun) {
  // id -> number of cases (0: a single case without a "cases" list)
  const std::map<std::string, std::size_t> rule_and_check = {
      {"R01", 8}, {"R02", 0}, {"R03", 0}, {"R04", 0},  {"R05", 0}, {"R06", 0}, {"R07", 9}, {"R08", 4},
      {"C01", 10}, {"C02", 7}, {"C03", 9}, {"C04", 8}, {"C05", 7}, {"C06", 6}, {"C07", 7}, {"C08", 10}, {"C09", 5}};
  std::set<std::string> required = {"D1", "D2"};
  for (int i = 1; i <= 15; ++i) required.insert((i < 10 ? "P0" : "P") + std::to_string(i));
  for (const auto& [id, cases] : rule_and_check) required.insert(id);

  const auto passes = pass_scenario_ids();
  const std::set<std::string> run_here(passes.begin(), passes.end());
  std::set<std::string> present;
  for (const std::string& id : all_scenario_ids()) {
    SCOPED_TRACE(id);
    present.insert(id);
    const auto j = scenario_json(id);
    EXPECT_EQ(j.at("id").get<std::string>(), id) << "file name and id differ";
    const std::string level = j.at("level");
    if (level == "pass") {
      EXPECT_TRUE(run_here.contains(id));
      EXPECT_TRUE(j.at("expected").contains("next_review"));
      continue;
    }
    ASSERT_TRUE(level == "rule" || level == "check") << "unknown level " << level;
    const auto known = rule_and_check.find(id);
    ASSERT_NE(known, rule_and_check.end()) << "a " << level << " scenario that no unit test reads";
    EXPECT_EQ(j.contains("cases") ? j.at("cases").size() : 0u, known->second);
  }
  for (const std::string& id : required) EXPECT_TRUE(present.contains(id)) << "scenario " << id << " is missing";
}

INSTANTIATE_TEST_SUITE_P(Scenarios, SelectorScenario, ::testing::ValuesIn(pass_scenario_ids()),
                         [](const auto& info) { return info.param; });

}  // namespace
