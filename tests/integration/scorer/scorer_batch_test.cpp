// monitor-scorer against the test database: batch fetching (§9.6 B1-B8 with the B3/B14 fix),
// the runner vectors (§9.8 I1-I3, I6, I7), late commits, transient and non-transient errors.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <chrono>
#include <cmath>
#include <thread>

#include "algorithm.h"
#include "db/transaction.h"
#include "scorer_fixture.h"
#include "scorer_reference.h"
#include "scorer_scenario.h"
#include "scorer_worker.h"
#include "setup.h"
#include "sqlrt/time.h"
#include "text_rows.h"

namespace ntpmon::test {
namespace {

using namespace std::chrono_literals;
using scorer::BatchOutcome;

constexpr std::uint32_t kRecentMedian = 2001, kEvery = 2002, kMonitor = 2003, kServer = 3001;

// Monitor 2003 with an active pair on server 3001.
void regular_fixture(soci::session& s) {
  add_monitor(s, kMonitor);
  add_server(s, kServer);
  add_pair(s, kServer, kMonitor, "active", 20);
}

// The original's test fixture: scorers 2001 (recentmedian) and 2002 (every) and the above.
void base_fixture(soci::session& s) {
  add_monitor(s, kRecentMedian, "score", "recentmedian");
  add_monitor(s, kEvery, "score", "every");
  regular_fixture(s);
}

double every_over(const std::vector<double>& steps) {
  double s = -5;
  for (double step : steps) s = step + s * 0.95;
  return s;
}

// The `every` score of a server (the scorer monitor found by its hostname).
double every_score(soci::session& s, std::uint32_t server = kServer) {
  return std::stod(*text_value(s, "SELECT CAST(ss.score_raw AS CHAR) FROM server_scores ss JOIN monitors m "
                                  "ON m.id = ss.monitor_id AND m.type = 'score' AND m.hostname = 'every' "
                                  "WHERE ss.server_id = " + std::to_string(server)));
}

std::uint64_t cursor_of(soci::session& s, std::uint32_t scorer) {
  return static_cast<std::uint64_t>(int_value(
      s, "SELECT CAST(MIN(log_score_id) AS CHAR) FROM scorer_status WHERE scorer_id = " + std::to_string(scorer)));
}

long long count(soci::session& s, const std::string& where_sql) {
  return int_value(s, "SELECT CAST(COUNT(*) AS CHAR) FROM " + where_sql);
}

// ---- §9.6 batch fetching ----

struct FetchCase {
  const char* name;
  std::uint64_t cursor;
  std::vector<std::uint64_t> monitor_ids;  // rows of monitor 2003 (> cursor)
  std::vector<std::uint64_t> scorer_ids;   // rows written by a scorer (> cursor)
  std::uint64_t batch;
  std::vector<std::uint64_t> scored;       // ids of monitor rows scored by the batch
  std::uint64_t new_cursor;
  std::vector<scorer::IdSpan> gaps;        // recorded after the batch
};

void PrintTo(const FetchCase& c, std::ostream* os) { *os << c.name; }

class ScorerBatchFetch : public ::testing::TestWithParam<FetchCase> {};

std::vector<std::uint64_t> ids(std::uint64_t from, std::uint64_t to) {
  std::vector<std::uint64_t> v;
  for (auto i = from; i <= to; ++i) v.push_back(i);
  return v;
}

TEST_P(ScorerBatchFetch, OneBatchOfEvery) {
  const auto& c = GetParam();
  TestDatabase db("scorer_fetch");
  auto& s = db.session();
  base_fixture(s);
  const auto t0 = now_seconds() - 60min;
  // The cursor row itself (the setup row, written by a scorer).
  add_row(s, row_spec(c.cursor, kServer, kEvery, t0, 0, 0));
  set_cursor(s, kEvery, c.cursor);
  for (auto id : c.scorer_ids) add_row(s, row_spec(id, kServer, kRecentMedian, t0, 1, 0));
  std::vector<double> expected_steps;
  for (auto id : c.monitor_ids) {
    const double step = static_cast<double>(id % 97) / 100.0;  // tells the rows apart
    add_row(s, row_spec(id, kServer, kMonitor, t0 + std::chrono::seconds(id % 3000), 20, step));
  }
  for (auto id : c.scored) expected_steps.push_back(static_cast<double>(id % 97) / 100.0);

  InProcessScorer sc(db);
  scorer::ScorerWorker worker(kEvery, scorer::make_algorithm("every"), log::Logger{});
  scorer::BatchOptions options;
  options.row_limit = c.batch;
  const auto outcome = worker.run_batch(sc.session(), scorer::LockMode::wait, options, {});

  EXPECT_EQ(outcome.monitor_rows, c.scored.size());
  EXPECT_EQ(outcome.cursor_after, c.new_cursor);
  EXPECT_EQ(cursor_of(s, kEvery), c.new_cursor);
  if (!c.scored.empty()) {
    EXPECT_EQ(every_score(s), every_over(expected_steps));
  }
  std::vector<scorer::IdSpan> gaps;
  for (const auto& r : text_rows(s, "SELECT CAST(first_id AS CHAR), CAST(last_id AS CHAR) FROM scorer_gaps "
                                    "WHERE scorer_id = " + std::to_string(kEvery) + " ORDER BY first_id")) {
    gaps.push_back({std::stoull(*r[0]), std::stoull(*r[1])});
  }
  EXPECT_EQ(gaps, c.gaps);
}

INSTANTIATE_TEST_SUITE_P(
    Vectors, ScorerBatchFetch,
    ::testing::Values(
        FetchCase{"B1", 100, ids(101, 160), {}, 50, ids(101, 150), 150, {}},
        // B2/B3/B4 with the fix: no id window, so the row after a hole is scored, including the
        // one the original's skip lookup jumped to and lost (20000).
        FetchCase{"B2", 100, {105, 20000, 20001}, {}, 50, {105, 20000, 20001}, 20001, {{101, 104}, {106, 19999}}},
        FetchCase{"B3", 105, {20000, 20001, 20002}, {}, 50, {20000, 20001, 20002}, 20002, {{106, 19999}}},
        FetchCase{"B4", 105, {20000}, {}, 50, {20000}, 20000, {{106, 19999}}},
        FetchCase{"B5", 105, {}, {}, 50, {}, 105, {}},
        FetchCase{"B6", 100, {150}, ids(101, 149), 50, {150}, 150, {}},
        FetchCase{"B7", 100, ids(101, 200), {}, 100, ids(101, 200), 200, {}},
        // B8: only scorer rows: nothing scored; the cursor moves past them (they are read to
        // know which ids exist).
        FetchCase{"B8", 200, {}, ids(201, 210), 50, {}, 210, {}}),
    [](const auto& info) { return std::string(info.param.name); });

// ---- §9.8 I1: no scorers ----

TEST(ScorerRunner, I1NoScorersConfigured) {
  TestDatabase db("scorer_i1");
  InProcessScorer sc(db);
  try {
    sc.run();
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "no scorers configured");
  }
}

// ---- §9.8 I2, I3 (ProcessBacklog) with H14, E11 and the B15 fix ----

TEST(ScorerRunner, I2ProcessBacklogThenI3Nothing) {
  TestDatabase db("scorer_i2");
  auto& s = db.session();
  base_fixture(s);
  add_pair(s, kServer, kRecentMedian, "candidate", 3);  // the pre-existing recentmedian row
  const auto now = now_seconds();
  add_row(s, row_spec(100, kServer, kEvery, now - 200min, 0, 0));  // setup row
  set_cursor(s, kEvery, 100);
  set_cursor(s, kRecentMedian, 100);
  for (int i = 0; i < 100; ++i) add_row(s, row_spec(101u + static_cast<unsigned>(i), kServer, kMonitor, now - std::chrono::minutes(i), 20, 0.8));

  InProcessScorer sc(db, 100);
  const auto first = sc.runner().round();
  EXPECT_EQ(first.rows, 200u);  // 100 per scorer
  EXPECT_TRUE(first.failures.empty());

  const auto rm = text_rows(s, "SELECT status, CAST(score_raw AS CHAR), CAST(score_ts AS CHAR) FROM server_scores "
                               "WHERE monitor_id = 2001 AND server_id = 3001");
  ASSERT_EQ(rm.size(), 1u);
  EXPECT_EQ(*rm[0][0], "active");
  EXPECT_EQ(std::stod(*rm[0][1]), 20);
  EXPECT_EQ(*rm[0][2], sqlrt::format_datetime(now));  // B15: the newest ts, not the last row's

  const auto sv = text_rows(s, "SELECT CAST(score_raw AS CHAR), CAST(score_ts AS CHAR) FROM servers WHERE id = 3001");
  EXPECT_EQ(std::stod(*sv[0][0]), 20);
  EXPECT_EQ(*sv[0][1], sqlrt::format_datetime(now));

  EXPECT_NEAR(every_score(s), 15.875668886, 1e-9);  // E11
  // H14: ts decreases with id, so only the first computed score of each scorer is written.
  EXPECT_EQ(count(s, "log_scores WHERE monitor_id = 2002 AND id > 200"), 1);
  EXPECT_EQ(count(s, "log_scores WHERE monitor_id = 2001 AND id > 200"), 1);

  const auto again = sc.runner().round();  // I3: no rows of a regular monitor left
  EXPECT_EQ(again.rows, 0u);
  EXPECT_TRUE(again.failures.empty());
}

// ---- §9.8 I6 / I7: a row recentmedian cannot score ----

TEST(ScorerRunner, I6OldRowWithoutCandidatesIsSkipped) {
  TestDatabase db("scorer_i6");
  auto& s = db.session();
  regular_fixture(s);
  add_monitor(s, 2004);
  add_pair(s, kServer, 2004, "paused");
  setup_scorers_from_start(s);
  const auto now = now_seconds();
  const auto old_id = add_row(s, row_spec(std::nullopt, kServer, 2004, now - 4h, 10, 1));
  const auto next_id = add_row(s, row_spec(std::nullopt, kServer, kMonitor, now - 1min, 20, 1));

  InProcessScorer sc(db);
  const auto failures = sc.run();
  EXPECT_TRUE(failures.empty());
  EXPECT_TRUE(sc.logged("could not calculate score, skipping old entry")) << "row " << old_id;
  EXPECT_TRUE(sc.logged("log_score_id=" + std::to_string(old_id)));
  const auto rm = scorer_id(s, "recentmedian");
  EXPECT_GE(cursor_of(s, rm), next_id);
  EXPECT_EQ(count(s, "log_scores WHERE monitor_id = " + std::to_string(rm)), 1);  // the next row was scored
}

TEST(ScorerRunner, I7RecentRowWithoutCandidatesFailsAtOnceAndEveryGoesOn) {
  TestDatabase db("scorer_i7");
  auto& s = db.session();
  regular_fixture(s);
  add_monitor(s, 2004);
  add_pair(s, kServer, 2004, "paused");
  setup_scorers_from_start(s);
  const auto id = add_row(s, row_spec(std::nullopt, kServer, 2004, now_seconds() - 10min, 10, 1));

  InProcessScorer sc(db);
  const auto started = std::chrono::steady_clock::now();
  const auto failures = sc.run();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);  // not retried (B4)
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].name, "recentmedian");
  EXPECT_NE(failures[0].error.find("log_scores row " + std::to_string(id)), std::string::npos) << failures[0].error;
  EXPECT_NE(failures[0].error.find("no recent scores found for 3001"), std::string::npos) << failures[0].error;
  // B11: the other scorer was not starved.
  EXPECT_GE(cursor_of(s, scorer_id(s, "every")), id);
  // Nothing of the failed batch stays (no scorer_status row yet: it was a pending start).
  EXPECT_EQ(count(s, "scorer_status WHERE scorer_id = " + std::to_string(scorer_id(s, "recentmedian"))), 0);
}

// ---- non-transient input errors ----

TEST(ScorerErrors, A5BadAttributesOfTheChosenRowFailTheBatchNamingTheRow) {
  TestDatabase db("scorer_a5");
  auto& s = db.session();
  regular_fixture(s);
  setup_scorers_from_start(s);
  RowSpec bad = row_spec(std::nullopt, kServer, kMonitor, now_seconds() - 5min, 19, 1);
  bad.attributes = "not json";
  const auto id = add_row(s, bad);

  InProcessScorer sc(db);
  const auto failures = sc.run();
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_NE(failures[0].error.find("log_scores row " + std::to_string(id)), std::string::npos) << failures[0].error;
  EXPECT_NE(failures[0].error.find("not valid JSON"), std::string::npos) << failures[0].error;
  EXPECT_EQ(count(s, "log_scores WHERE monitor_id = " + std::to_string(scorer_id(s, "recentmedian"))), 0);
  // `every` copies attributes verbatim and does not parse them.
  EXPECT_EQ(count(s, "log_scores WHERE monitor_id = " + std::to_string(scorer_id(s, "every"))), 1);
}

TEST(ScorerErrors, RowOfADeletedServerIsReportedWithItsIdAndSkipped) {
  TestDatabase db("scorer_missing_server");
  auto& s = db.session();
  regular_fixture(s);
  setup_scorers_from_start(s);
  s << "SET FOREIGN_KEY_CHECKS = 0";
  const auto orphan = add_row(s, row_spec(std::nullopt, 999999, kMonitor, now_seconds() - 5min, 19, 1));
  s << "SET FOREIGN_KEY_CHECKS = 1";
  const auto good = add_row(s, row_spec(std::nullopt, kServer, kMonitor, now_seconds() - 4min, 19, 1));

  InProcessScorer sc(db);
  EXPECT_TRUE(sc.run().empty());
  EXPECT_TRUE(sc.logged("log_score_id=" + std::to_string(orphan))) << ::testing::PrintToString(sc.log_lines());
  EXPECT_TRUE(sc.logged("server 999999 does not exist"));
  for (const auto* name : {"every", "recentmedian"}) {
    EXPECT_GE(cursor_of(s, scorer_id(s, name)), good) << name;
  }
  EXPECT_EQ(count(s, "server_scores WHERE server_id = 999999"), 0);
  // A second run does not report it again: it is behind the cursor.
  InProcessScorer again(db);
  EXPECT_TRUE(again.run().empty());
  EXPECT_FALSE(again.logged("log_score_id=" + std::to_string(orphan)));
}

// ---- B3/B14: a row committed after higher ids were scored ----

TEST(ScorerNoRowSkipped, LateCommitIsScoredWhenItAppears) {
  TestDatabase db("scorer_late");
  auto& s = db.session();
  regular_fixture(s);
  setup_scorers_from_start(s);
  const auto now = now_seconds();

  add_server(s, 3002);
  add_pair(s, 3002, kMonitor, "active");
  // A submit transaction that takes its time (for another server: it holds a shared lock on
  // its servers row, which recentmedian would wait for).
  auto slow = db.connect();
  *slow << "BEGIN";
  const auto late = add_row(*slow, row_spec(std::nullopt, 3002, kMonitor, now - 1min, -50, -5));
  std::vector<double> steps;
  std::uint64_t last = 0;
  for (int i = 0; i < 5; ++i) {
    last = add_row(s, row_spec(std::nullopt, kServer, kMonitor, now - std::chrono::minutes(10 - i), 20, 1));
    steps.push_back(1);
  }
  ASSERT_GT(last, late);

  InProcessScorer sc(db);
  EXPECT_TRUE(sc.run().empty());
  const auto every = scorer_id(s, "every");
  const auto rm = scorer_id(s, "recentmedian");
  EXPECT_GE(cursor_of(s, every), last);
  EXPECT_EQ(count(s, "scorer_gaps WHERE first_id = " + std::to_string(late) + " AND last_id = " + std::to_string(late)), 2);
  EXPECT_EQ(every_score(s), every_over(steps));

  EXPECT_EQ(count(s, "server_scores WHERE server_id = 3002 AND monitor_id = " + std::to_string(every)), 0);

  *slow << "COMMIT";
  EXPECT_TRUE(sc.run().empty());
  EXPECT_EQ(every_score(s), every_over(steps));
  EXPECT_EQ(every_score(s, 3002), every_over({-5}));  // scored once it appeared
  // Its gap is gone. (Other gaps may exist: a bulk INSERT reserves auto-increment ids in
  // steps, so the scorers' own inserts leave holes that are rescanned until the horizon.)
  const auto late_id = std::to_string(late);
  EXPECT_EQ(count(s, "scorer_gaps WHERE first_id <= " + late_id + " AND last_id >= " + late_id), 0);
  EXPECT_EQ(count(s, "log_scores WHERE monitor_id = " + std::to_string(rm) + " AND attributes LIKE '%\"from_ls_id\":" +
                         std::to_string(late) + ",%'"),
            1);
  // Scored once: a further run changes nothing.
  EXPECT_TRUE(sc.run().empty());
  EXPECT_EQ(count(s, "log_scores WHERE monitor_id = " + std::to_string(every) + " AND server_id = 3002"), 1);
}

TEST(ScorerNoRowSkipped, RolledBackIdIsForgottenAfterTheHorizon) {
  TestDatabase db("scorer_rollback");
  auto& s = db.session();
  regular_fixture(s);
  setup_scorers_from_start(s);
  auto other = db.connect();
  *other << "BEGIN";
  const auto lost = add_row(*other, row_spec(std::nullopt, kServer, kMonitor, now_seconds() - 2min, 20, 1));
  add_row(s, row_spec(std::nullopt, kServer, kMonitor, now_seconds() - 1min, 20, 1));
  *other << "ROLLBACK";

  InProcessScorer sc(db, 10000, std::chrono::seconds(600));
  EXPECT_TRUE(sc.run().empty());
  EXPECT_EQ(count(s, "scorer_gaps WHERE first_id = " + std::to_string(lost)), 2);
  EXPECT_TRUE(sc.run().empty());
  EXPECT_EQ(count(s, "scorer_gaps"), 2);  // within the horizon: kept

  s << "UPDATE scorer_gaps SET first_seen = first_seen - INTERVAL 11 MINUTE";  // the horizon has passed
  EXPECT_TRUE(sc.run().empty());
  EXPECT_EQ(count(s, "scorer_gaps"), 0);
}

// ---- B4: a transient error is retried and the batch succeeds ----

TEST(ScorerErrors, HeldRowLockTimesOutIsRetriedAndSucceeds) {
  TestDatabase db("scorer_lock_wait");
  auto& s = db.session();
  regular_fixture(s);
  setup_scorers_from_start(s);
  std::vector<double> steps;
  for (int i = 0; i < 20; ++i) {
    add_row(s, row_spec(std::nullopt, kServer, kMonitor, now_seconds() - std::chrono::minutes(30 - i), 20, 0.5));
    steps.push_back(0.5);
  }

  auto holder = db.connect();
  *holder << "BEGIN";
  *holder << "SELECT id FROM servers WHERE id = 3001 FOR UPDATE";

  InProcessScorer sc(db);
  sc.session() << "SET SESSION innodb_lock_wait_timeout = 1";
  int retries = 0;
  sc.options().retry.on_retry = [&](const db::RetryEvent& e) {
    ++retries;
    EXPECT_EQ(e.error_code, 1205u) << e.error;
    if (retries == 1) *holder << "COMMIT";  // the other transaction ends
  };
  EXPECT_TRUE(sc.run().empty());
  EXPECT_GE(retries, 1);
  EXPECT_TRUE(sc.logged("batch failed, retrying"));
  EXPECT_EQ(every_score(s), every_over(steps));
  // The median is 20 every time: written at the first row and again 15 minutes later (§4.8).
  EXPECT_EQ(count(s, "log_scores WHERE monitor_id = " + std::to_string(scorer_id(s, "recentmedian"))), 2);
}

// ---- §4.3 setup (B17) ----

TEST(ScorerSetup, EmptyLogScoresIdempotentAndStartsAtTheFirstRow) {
  TestDatabase db("scorer_setup");
  auto& s = db.session();
  add_monitor(s, kMonitor);
  add_server(s, kServer);
  add_pair(s, kServer, kMonitor, "active");

  const auto first = scorer::run_setup(s, {});
  ASSERT_EQ(first.size(), 2u);
  EXPECT_NE(first[0].find("every: registered"), std::string::npos) << first[0];
  EXPECT_NE(first[0].find("log_scores is empty"), std::string::npos) << first[0];
  const auto second = scorer::run_setup(s, {});
  EXPECT_NE(second[0].find("already set up"), std::string::npos) << second[0];
  EXPECT_NE(second[1].find("already set up"), std::string::npos) << second[1];
  EXPECT_EQ(count(s, "monitors WHERE type = 'score'"), 2);
  EXPECT_EQ(*text_value(s, "SELECT tls_name FROM monitors WHERE hostname = 'recentmedian'"),
            "recentmedian.scores.ntp.dev");

  const auto id = add_row(s, row_spec(std::nullopt, kServer, kMonitor, now_seconds() - 1min, 20, 1));
  InProcessScorer sc(db);
  EXPECT_TRUE(sc.run().empty());
  for (const auto* name : {"every", "recentmedian"}) {
    const auto sid = scorer_id(s, name);
    EXPECT_GE(cursor_of(s, sid), id) << name;  // the pending start became the cursor
    EXPECT_EQ(count(s, "scorer_pending_start WHERE scorer_id = " + std::to_string(sid)), 0);
    EXPECT_EQ(count(s, "log_scores WHERE monitor_id = " + std::to_string(sid)), 1) << name;
  }
  EXPECT_NE(scorer::run_setup(s, {})[0].find("already set up"), std::string::npos);
}

TEST(ScorerSetup, NewScorerStartsAtTheCurrentEndAndInactiveOnesAreLeftAlone) {
  TestDatabase db("scorer_setup_end");
  auto& s = db.session();
  add_monitor(s, kMonitor);
  add_server(s, kServer);
  add_monitor(s, 5, "score", "every", "paused");
  const auto last = add_row(s, row_spec(std::nullopt, kServer, kMonitor, now_seconds() - 1min, 20, 1));

  const auto lines = scorer::run_setup(s, {});
  EXPECT_NE(lines[0].find("is paused; left as it is"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("starts after log_scores id " + std::to_string(last)), std::string::npos) << lines[1];
  EXPECT_EQ(count(s, "monitors WHERE hostname = 'every'"), 1);  // no second `every` (B17)
  EXPECT_EQ(cursor_of(s, scorer_id(s, "recentmedian")), last);
}

}  // namespace
}  // namespace ntpmon::test
