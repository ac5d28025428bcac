// monitor-scorer end to end: thousands of rows over many servers and monitors, scored in this
// process, by `monitor-scorer run` killed mid-batch and restarted, by two `run` processes at
// once, and by two `server` processes; every result equals the independent computation of
// scorer_reference.cpp, so no row was lost or counted twice.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <soci/soci.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <random>
#include <regex>
#include <sstream>
#include <thread>

#include "child_process.h"
#include "scorer_fixture.h"
#include "scorer_reference.h"
#include "scorer_scenario.h"
#include "subprocess.h"
#include "text_rows.h"

namespace ntpmon::test {
namespace {

using namespace std::chrono_literals;

std::string describe(const OutRow& r) {
  std::ostringstream o;
  o << "{server " << r.server_id << " ts " << r.ts.time_since_epoch().count() << " score " << r.score << " step "
    << r.step << " offset " << (r.offset ? std::to_string(*r.offset) : "NULL") << " rtt "
    << (r.rtt ? std::to_string(*r.rtt) : "NULL") << " attributes " << r.attributes.value_or("NULL") << "}";
  return o.str();
}

// Compares and reports the first difference of each kind (a whole-map EXPECT_EQ would print
// thousands of rows).
void expect_same(const ScorerResult& actual, const ScorerResult& expected, const std::string& what) {
  std::size_t rows = 0;
  for (const auto& [server, exp_rows] : expected.log_rows) rows += exp_rows.size();
  SCOPED_TRACE(what + ": " + std::to_string(rows) + " expected log_scores rows");
  EXPECT_GT(rows, expected.log_rows.size());  // the scenario makes the scorers write many rows
  EXPECT_EQ(actual.log_rows.size(), expected.log_rows.size());
  for (const auto& [server, exp_rows] : expected.log_rows) {
    auto it = actual.log_rows.find(server);
    ASSERT_NE(it, actual.log_rows.end()) << "no rows for server " << server;
    const auto& got = it->second;
    ASSERT_EQ(got.size(), exp_rows.size()) << "server " << server;
    for (std::size_t i = 0; i < got.size(); ++i) {
      ASSERT_EQ(got[i], exp_rows[i]) << "server " << server << " row " << i << "\n got      " << describe(got[i])
                                     << "\n expected " << describe(exp_rows[i]);
    }
  }
  EXPECT_EQ(actual.server_scores.size(), expected.server_scores.size());
  for (const auto& [server, exp] : expected.server_scores) {
    auto it = actual.server_scores.find(server);
    ASSERT_NE(it, actual.server_scores.end()) << "server_scores of server " << server;
    EXPECT_EQ(it->second, exp) << "server_scores of server " << server << ": " << it->second.score << " vs "
                               << exp.score;
  }
  EXPECT_EQ(actual.overall.size(), expected.overall.size());
  for (const auto& [server, exp] : expected.overall) {
    auto it = actual.overall.find(server);
    ASSERT_NE(it, actual.overall.end()) << "servers row " << server;
    EXPECT_EQ(it->second, exp) << "servers.score_raw of " << server << ": " << it->second.score << " vs " << exp.score;
  }
}

Scenario load(TestDatabase& db, ScenarioSpec spec) {
  auto sc = make_scenario(spec);
  load_scenario_setup(db.session(), sc);
  setup_scorers_from_start(db.session());
  load_scenario_rows(db.session(), sc.rows);
  return sc;
}

void expect_scored_exactly_once(TestDatabase& db, const Scenario& sc, const std::string& what) {
  auto& s = db.session();
  const auto every = scorer_id(s, "every");
  const auto rm = scorer_id(s, "recentmedian");
  expect_same(actual_result(s, every, false), expected_every(sc.rows), what + " (every)");
  expect_same(actual_result(s, rm, true),
              expected_recentmedian(sc.rows, sc.pairs, scorer_server_score_ids(s, rm), now_seconds()),
              what + " (recentmedian)");
  // Each input row produced at most one recentmedian row (its from_ls_id) and both cursors
  // reached the end.
  EXPECT_EQ(int_value(s, "SELECT CAST(COUNT(*) - COUNT(DISTINCT JSON_VALUE(attributes, '$.from_ls_id')) AS CHAR) "
                         "FROM log_scores WHERE monitor_id = " + std::to_string(rm)),
            0);
  for (auto id : {every, rm}) {
    EXPECT_GE(int_value(s, "SELECT CAST(MIN(log_score_id) AS CHAR) FROM scorer_status WHERE scorer_id = " +
                               std::to_string(id)),
              static_cast<long long>(sc.rows.back().id));
  }
}

std::map<std::string, std::string> env_for(const TestDatabase& db) {
  return {{"DATABASE_DSN", db.dsn_text()}, {"LOG_LEVEL", std::getenv("SCORER_TEST_LOG_LEVEL") ? std::getenv("SCORER_TEST_LOG_LEVEL") : "info"}};
}

TEST(ScorerIntegration, TenThousandRowsEqualTheIndependentComputation) {
  TestDatabase db("scorer_10k");
  ScenarioSpec spec;
  spec.servers = 50;
  spec.monitors = 10;
  spec.rows = 10000;
  const auto sc = load(db, spec);
  // Small batches: many batches, the candidate cache carried across them.
  InProcessScorer scorer(db, 700);
  EXPECT_TRUE(scorer.run().empty());
  expect_scored_exactly_once(db, sc, "in process, batches of 700");
}

TEST(ScorerIntegration, RunCommandOneBigBatch) {
  TestDatabase db("scorer_cli");
  ScenarioSpec spec;
  spec.servers = 20;
  spec.rows = 3000;
  spec.seed = 7;
  const auto sc = load(db, spec);
  const auto started = std::chrono::steady_clock::now();
  auto r = run_process({program_path("monitor-scorer"), "run"}, env_for(db));
  ASSERT_EQ(r.exit_status, 0) << r.err;
  std::cerr << "monitor-scorer run took " << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s\n" << r.err;
  expect_scored_exactly_once(db, sc, "monitor-scorer run");
  auto status = run_process({program_path("monitor-scorer"), "status"}, env_for(db));
  EXPECT_EQ(status.exit_status, 0) << status.err;
  EXPECT_NE(status.out.find("recentmedian"), std::string::npos) << status.out;
}

TEST(ScorerNoRowTwice, SigkillMidBatchThenRestart) {
  TestDatabase db("scorer_kill");
  ScenarioSpec spec;
  spec.servers = 100;
  spec.monitors = 20;
  spec.rows = 20000;
  spec.seed = 11;
  const auto sc = load(db, spec);
  auto& s = db.session();
  const auto every = scorer_id(s, "every");

  std::mt19937 rng(static_cast<unsigned>(std::random_device{}()));
  int kills = 0;
  for (int attempt = 0; attempt < 3; ++attempt) {
    ChildProcess child({program_path("monitor-scorer"), "--batch-size", "400", "run"}, env_for(db));
    // Let it commit a batch or more, then kill it at an arbitrary moment.
    const auto until = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < until && child.running() &&
           int_value(s, "SELECT CAST(COUNT(*) AS CHAR) FROM scorer_status WHERE scorer_id = " + std::to_string(every)) == 0) {
      std::this_thread::sleep_for(20ms);  // polling the database for the first commit
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 400)(rng)));
    if (!child.running()) break;
    child.signal(SIGKILL);
    EXPECT_EQ(child.wait(10s), -SIGKILL);
    ++kills;
  }
  EXPECT_GE(kills, 1);
  auto r = run_process({program_path("monitor-scorer"), "--batch-size", "400", "run"}, env_for(db));
  ASSERT_EQ(r.exit_status, 0) << r.err;
  expect_scored_exactly_once(db, sc, "killed " + std::to_string(kills) + " times, then finished");
}

TEST(ScorerNoRowTwice, TwoRunProcessesInParallelGiveTheResultOfOne) {
  TestDatabase db("scorer_two_runs");
  ScenarioSpec spec;
  spec.servers = 100;
  spec.monitors = 20;
  spec.rows = 20000;
  spec.seed = 23;
  const auto sc = load(db, spec);
  ChildProcess a({program_path("monitor-scorer"), "--batch-size", "1000", "run"}, env_for(db));
  ChildProcess b({program_path("monitor-scorer"), "--batch-size", "1000", "run"}, env_for(db));
  const auto ra = a.wait(300s);
  const auto rb = b.wait(300s);
  ASSERT_TRUE(ra && rb) << "a scorer process stalled";
  EXPECT_EQ(*ra, 0) << a.stderr_text();
  EXPECT_EQ(*rb, 0) << b.stderr_text();
  expect_scored_exactly_once(db, sc, "two run processes");
}

// A minimal HTTP GET for the admin server.
std::string http_get(int port, const std::string& path) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return "";
  }
  const std::string req = "GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n";
  if (::write(fd, req.data(), req.size()) < 0) {
    ::close(fd);
    return "";
  }
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return out;
}

int admin_port(const ChildProcess& child) {
  std::smatch m;
  const auto err = child.stderr_text();
  static const std::regex kAdmin("admin=127\\.0\\.0\\.1:([0-9]+)");
  return std::regex_search(err, m, kAdmin) ? std::stoi(m[1]) : 0;
}

TEST(ScorerServerMode, TwoServersShareTheWorkServeMetricsAndStopOnSigterm) {
  TestDatabase db("scorer_two_servers");
  ScenarioSpec spec;
  spec.servers = 60;
  spec.monitors = 12;
  spec.rows = 12000;
  spec.seed = 5;
  const auto sc = load(db, spec);
  auto& s = db.session();
  auto env = env_for(db);
  env["SCORER_ADMIN_LISTEN"] = "127.0.0.1:0";
  ChildProcess a({program_path("monitor-scorer"), "--batch-size", "500", "server"}, env);
  ChildProcess b({program_path("monitor-scorer"), "--batch-size", "500", "server"}, env);

  const auto last = std::to_string(sc.rows.back().id);
  const auto until = std::chrono::steady_clock::now() + 300s;
  while (std::chrono::steady_clock::now() < until && a.running() && b.running() &&
         int_value(s, "SELECT CAST(COUNT(*) AS CHAR) FROM scorer_status WHERE log_score_id >= " + last) < 2) {
    std::this_thread::sleep_for(50ms);  // polling the database until both cursors are at the end
  }
  ASSERT_TRUE(a.running() && b.running()) << a.stderr_text() << b.stderr_text();

  // Each process scored part of the rows (neither stalled behind the other's lock) and serves
  // the original's metric names.
  for (auto* child : {&a, &b}) {
    const int port = admin_port(*child);
    ASSERT_NE(port, 0) << child->stderr_text();
    const auto metrics = http_get(port, "/metrics");
    for (const char* name : {"scorer_runs", "scorer_errors", "scorer_deadlocks_total", "scorer_processed_count",
                             "scorer_batch_duration_seconds", "scorer_batch_size", "scorer_sql_updates_total"}) {
      EXPECT_NE(metrics.find(name), std::string::npos) << name << "\n" << metrics;
    }
    double processed = 0;
    static const std::regex kProcessed("scorer_processed_count\\{scorer=\"[a-z]+\"\\} ([0-9.e+]+)");
    for (std::sregex_iterator it(metrics.begin(), metrics.end(), kProcessed), end; it != end; ++it) {
      processed += std::stod((*it)[1]);
    }
    EXPECT_GT(processed, 0) << metrics;
    EXPECT_NE(http_get(port, "/__health").find(" 200 "), std::string::npos);
  }

  const auto stop_started = std::chrono::steady_clock::now();
  a.signal(SIGTERM);
  b.signal(SIGTERM);
  EXPECT_EQ(a.wait(20s), std::optional<int>(0)) << a.stderr_text();
  EXPECT_EQ(b.wait(20s), std::optional<int>(0)) << b.stderr_text();
  EXPECT_LT(std::chrono::steady_clock::now() - stop_started, 20s);
  expect_scored_exactly_once(db, sc, "two server processes");
}

}  // namespace
}  // namespace ntpmon::test
