// monitor-selector's command line against a test database: simulate prints what once then
// applies and writes nothing; bad data completes the pass and is logged; errors exit 1.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <regex>
#include <sstream>

#include "batch.h"
#include "scenario.h"
#include "scenario_db.h"
#include "subprocess.h"
#include "test_database.h"

namespace {

using namespace ntpmon;
using namespace ntpmon::test::selector;

test::TestDatabase& database() {
  static test::TestDatabase db{"selector_cli"};
  return db;
}

test::ProcessResult selector(const std::vector<std::string>& args) {
  std::vector<std::string> argv{test::program_path("monitor-selector")};
  argv.insert(argv.end(), args.begin(), args.end());
  return test::run_process(argv, {{"DATABASE_DSN", database().dsn_text()}, {"LOG_LEVEL", "info"}});
}

// Everything the selector may write, as text.
std::string snapshot(soci::session& s) {
  std::string scores;
  std::string review;
  long long audit = 0;
  s << "SELECT COALESCE(GROUP_CONCAT(CONCAT_WS('|', monitor_id, server_id, status, "
       "IFNULL(constraint_violation_type, '-'), IFNULL(constraint_violation_since, '-'), "
       "IFNULL(last_constraint_check, '-'), IFNULL(pause_reason, '-'), modified_on) ORDER BY id SEPARATOR ';'), '') "
       "FROM server_scores",
      soci::into(scores);
  s << "SELECT COALESCE(GROUP_CONCAT(CONCAT_WS('|', server_id, IFNULL(last_review, '-'), IFNULL(next_review, '-'), "
       "IFNULL(last_change, '-')) ORDER BY server_id SEPARATOR ';'), '') FROM servers_monitor_review",
      soci::into(review);
  s << "SELECT COUNT(*) FROM selector_log", soci::into(audit);
  return scores + "\n" + review + "\n" + std::to_string(audit);
}

struct Printed {
  std::vector<std::string> changes;
  std::vector<std::string> tracking;
};

// The "status changes:" and "tracking writes:" sections; a set_violation's timestamp (the
// pass time, which differs between two runs) is cut off.
Printed sections(const std::string& out) {
  Printed p;
  std::istringstream in(out);
  std::string line;
  std::vector<std::string>* section = nullptr;
  const std::regex since(" since [0-9-]+ [0-9:]+");
  while (std::getline(in, line)) {
    if (line == "status changes:") {
      section = &p.changes;
    } else if (line == "tracking writes:") {
      section = &p.tracking;
    } else if (line.rfind("monitor ", 0) == 0 && section) {
      section->push_back(std::regex_replace(line, since, " since <now>"));
    } else {
      section = nullptr;
    }
  }
  return p;
}

class SimulateThenOnce : public ::testing::TestWithParam<std::string> {};

TEST_P(SimulateThenOnce, SimulatePrintsWhatOnceAppliesAndWritesNothing) {
  auto& db = database();
  const auto now = selector::current_time();
  const PassScenario s = load_pass_scenario(GetParam(), now);
  clear_selector_tables(db);
  load_scenario(db, s, now);
  const std::string before = snapshot(db.session());

  const auto simulated = selector({"simulate", std::to_string(s.server.id)});
  ASSERT_EQ(simulated.exit_status, 0) << simulated.err;
  EXPECT_EQ(snapshot(db.session()), before) << "simulate wrote to the database";

  const auto applied = selector({"once", std::to_string(s.server.id)});
  ASSERT_EQ(applied.exit_status, 0) << applied.err;
  EXPECT_NE(snapshot(db.session()), before);

  const Printed planned = sections(simulated.out);
  const Printed done = sections(applied.out);
  EXPECT_EQ(planned.changes, done.changes) << simulated.out << "\n---\n" << applied.out;
  EXPECT_EQ(planned.tracking, done.tracking) << simulated.out << "\n---\n" << applied.out;
  EXPECT_EQ(planned.changes.size(), s.changes.size());
  EXPECT_EQ(planned.tracking.size(), s.tracking.size());
  for (std::size_t i = 0; i < s.changes.size() && i < planned.changes.size(); ++i) {
    const auto& c = s.changes[i];
    EXPECT_EQ(planned.changes[i].rfind("monitor " + std::to_string(c.monitor_id) + ": " + c.from + " -> " + c.to + " (rule ", 0), 0u)
        << planned.changes[i];
    EXPECT_NE(planned.changes[i].find(": " + c.reason + ")"), std::string::npos) << planned.changes[i];
  }
  EXPECT_NE(simulated.out.find(s.changed ? "would change: true" : "would change: false"), std::string::npos);
  EXPECT_NE(applied.out.find(s.changed ? "changed: true" : "changed: false"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Scenarios, SimulateThenOnce, ::testing::Values("P01", "P11", "P12", "B1", "Q01", "Q02", "P03"),
                         [](const auto& info) { return info.param; });

struct BadDataCase {
  const char* scenario;
  const char* logged;  // part of the problem text of the warn line
};

class BadData : public ::testing::TestWithParam<BadDataCase> {};

TEST_P(BadData, PassCompletesAndLogsWhatItFound) {
  auto& db = database();
  const auto now = selector::current_time();
  const PassScenario s = load_pass_scenario(GetParam().scenario, now);
  clear_selector_tables(db);
  load_scenario(db, s, now);

  const auto result = selector({"once", std::to_string(s.server.id)});
  EXPECT_EQ(result.exit_status, 0) << result.err;
  EXPECT_NE(result.err.find("level=warn msg=\"bad data\""), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(GetParam().logged), std::string::npos) << result.err;
  EXPECT_EQ(server_statuses(db.session(), s.server.id), s.final_server_status);
  EXPECT_NE(result.out.find(s.changed ? "changed: true" : "changed: false"), std::string::npos) << result.out;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadData,
    ::testing::Values(BadDataCase{"B1", "monitor IP '10.14.0.1x' does not parse"},
                      BadDataCase{"D1", "every rtt of the monitor in the 24 h window is NULL"},
                      BadDataCase{"B2", "has log_scores for server 1982 but no server_scores row"},
                      BadDataCase{"B3", "accounts.flags of account 100 do not decode"}),
    [](const auto& info) { return std::string(info.param.scenario); });

TEST(SelectorCli, MissingServerFailsWithItsId) {
  clear_selector_tables(database());
  for (const char* command : {"once", "simulate"}) {
    const auto result = selector({command, "424242"});
    EXPECT_EQ(result.exit_status, 1) << command;
    EXPECT_NE(result.err.find("server 424242 does not exist"), std::string::npos) << result.err;
  }
}

TEST(SelectorCli, UsageErrors) {
  EXPECT_EQ(selector({"once"}).exit_status, 2);
  EXPECT_EQ(selector({"once", "not-a-number"}).exit_status, 2);
  EXPECT_EQ(selector({"frobnicate"}).exit_status, 2);
  EXPECT_EQ(selector({"--help"}).exit_status, 0);
}

TEST(SelectorCli, BadDsnIsAConfigurationError) {
  std::vector<std::string> argv{test::program_path("monitor-selector"), "run"};
  const auto result = test::run_process(argv, {{"DATABASE_DSN", "monitor@tcp(127.0.0.1:3308/x"}});
  EXPECT_EQ(result.exit_status, 2) << result.err;
}

}  // namespace
