// monitor-scorer end to end: thousands of rows over many servers and monitors, scored by
// `monitor-scorer run` (also killed mid-batch and restarted, and two at once), by two runners
// in one process taking turns, and by `server` processes; every result equals the independent
// computation of scorer_reference.cpp, so no row was lost or counted twice. Also the command
// line: setup, the batch size settings, configuration errors (exit 2), a row that cannot be
// scored (exit 1, named).
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
  auto r = run_process({program_path("monitor-scorer"), "--batch-size", "700", "run"}, env_for(db));
  ASSERT_EQ(r.exit_status, 0) << r.err;
  expect_scored_exactly_once(db, sc, "monitor-scorer run, batches of 700");
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

// ---- the command line ----

TEST(ScorerCli, BadConfigurationExitsTwoNamingTheProblem) {
  const auto scorer = program_path("monitor-scorer");
  const std::string unset = "\x01unset";
  struct Case {
    std::vector<std::string> args;
    std::map<std::string, std::string> env;
    std::string message;
  };
  const std::vector<Case> cases{
      {{"run", "--batch-size", "0"}, {}, "--batch-size: 0 is out of range"},
      {{"--batch-size", "many", "run"}, {}, "\"many\" is not an integer"},
      {{"--config", "/nonexistent/scorer.toml", "run"}, {}, "/nonexistent/scorer.toml: cannot open"},
      {{"run"}, {{"DATABASE_DSN", "garbage"}}, "invalid DSN"},
      {{"run"}, {{"DATABASE_DSN", unset}, {"DATABASE_CONFIG", "/nonexistent/database.yaml"}}, "/nonexistent/database.yaml"},
      {{"server"}, {{"SCORER_GAP_HORIZON", "soon"}}, "SCORER_GAP_HORIZON"},
      {{}, {}, "subcommand is required"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> argv{scorer};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    auto env = c.env;
    env.try_emplace("DATABASE_DSN", "monitor:x@tcp(127.0.0.1:3308)/unused");
    const auto r = run_process(argv, env);
    EXPECT_EQ(r.exit_status, 2) << ::testing::PrintToString(c.args) << "\n" << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << ::testing::PrintToString(c.args) << "\n" << r.err;
  }
}

// setup, the batch size from system_settings "scorer" and from --batch-size, and a
// non-transient error: `run` reports it with the row id and exits 1 without retrying it.
TEST(ScorerCli, SetupRunBatchSizeAndAnErrorNamingTheRow) {
  TestDatabase db("scorer_cli_run");
  auto& s = db.session();
  add_monitor(s, 2003);
  add_server(s, 3001);
  add_pair(s, 3001, 2003, "active", 20);
  auto env = env_for(db);
  env["LOG_LEVEL"] = "debug";
  const auto scorer = program_path("monitor-scorer");

  auto setup = run_process({scorer, "setup"}, env);
  ASSERT_EQ(setup.exit_status, 0) << setup.err;
  EXPECT_NE(setup.out.find("every: registered"), std::string::npos) << setup.out;
  EXPECT_NE(setup.out.find("recentmedian: registered"), std::string::npos) << setup.out;
  EXPECT_EQ(run_process({scorer, "setup"}, env).exit_status, 0);  // idempotent
  EXPECT_EQ(int_value(s, "SELECT CAST(COUNT(*) AS CHAR) FROM monitors WHERE type = 'score'"), 2);

  for (int i = 0; i < 30; ++i) add_row(s, row_spec(std::nullopt, 3001, 2003, now_seconds() - std::chrono::minutes(40 - i), 20, 1));
  s << "INSERT INTO system_settings (`key`, value, created_on, modified_on) VALUES ('scorer', '{\"batch_size\": 7}', UTC_TIMESTAMP(), UTC_TIMESTAMP())";
  const auto largest_batch = [](const std::string& log) {
    static const std::regex kRows("msg=\"batch committed\" scorer=every .* rows=([0-9]+)");
    int largest = 0;
    for (std::sregex_iterator it(log.begin(), log.end(), kRows), end; it != end; ++it) largest = std::max(largest, std::stoi((*it)[1]));
    return largest;
  };
  auto r = run_process({scorer, "run"}, env);
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(largest_batch(r.err), 7) << r.err;  // the setting

  for (int i = 0; i < 30; ++i) add_row(s, row_spec(std::nullopt, 3001, 2003, now_seconds() - std::chrono::minutes(10), 20, 1));
  r = run_process({scorer, "--batch-size", "3", "run"}, env);
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(largest_batch(r.err), 3) << r.err;  // the flag wins

  RowSpec bad = row_spec(std::nullopt, 3001, 2003, now_seconds() - std::chrono::minutes(5), 19, 1);
  bad.attributes = "not json";
  const auto bad_id = add_row(s, bad);
  const auto started = std::chrono::steady_clock::now();
  r = run_process({scorer, "run"}, env);
  EXPECT_EQ(r.exit_status, 1) << r.err;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 30s);  // not retried for minutes (B4)
  EXPECT_NE(r.err.find("log_scores row " + std::to_string(bad_id)), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("retrying"), std::string::npos) << r.err;
}

// Whether a scorer connection to this test's database is inside a batch that has written
// rows and now waits for a row lock: the moment to kill it "in the middle of a batch".
bool scorer_waits_mid_batch(soci::session& s, const std::string& database) {
  return int_value(s,
                   "SELECT CAST(COUNT(*) AS CHAR) FROM information_schema.INNODB_TRX t "
                   "JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id "
                   "WHERE p.DB = '" + database + "' AND p.ID <> CONNECTION_ID() "
                   "AND t.trx_state = 'LOCK WAIT' AND t.trx_rows_modified > 0") > 0;
}

// Each time: `run` commits some batches, then the test locks a servers row that every batch
// writes for (a server all batches touch), the next batch writes part of its rows and waits,
// and the process is killed right there. The restarted runs go on from the last commit.
TEST(ScorerNoRowTwice, SigkillMidBatchThenRestart) {
  TestDatabase db("scorer_kill");
  ScenarioSpec spec;
  spec.servers = 100;
  spec.monitors = 20;
  spec.rows = 20000;
  spec.seed = 11;
  const auto sc = load(db, spec);
  auto& s = db.session();
  const auto locked_server = std::to_string(sc.server_ids.back());  // written last in each batch
  const auto progress_sql = "SELECT CAST(COALESCE(MIN(log_score_id), 0) AS CHAR) FROM scorer_status";

  int kills = 0;
  for (int attempt = 0; attempt < 3; ++attempt) {
    const auto before = int_value(s, progress_sql);
    ChildProcess child({program_path("monitor-scorer"), "--batch-size", "400", "run"}, env_for(db));
    auto until = std::chrono::steady_clock::now() + 120s;
    while (child.running() && std::chrono::steady_clock::now() < until && int_value(s, progress_sql) <= before) {
      std::this_thread::sleep_for(20ms);  // polling the database until both scorers committed a batch
    }
    ASSERT_TRUE(child.running()) << "finished before it could be killed\n" << child.stderr_text();
    auto holder = db.connect();
    for (int tries = 0;; ++tries) {
      try {
        *holder << "BEGIN";
        *holder << ("SELECT id FROM servers WHERE id = " + locked_server + " FOR UPDATE");
        break;
      } catch (const std::exception& e) {
        // The batch holding a shared lock on the row may want it exclusively next: InnoDB
        // picks the holder as the deadlock victim. Take the lock again.
        *holder << "ROLLBACK";
        ASSERT_LT(tries, 20) << e.what();
        ASSERT_NE(std::string(e.what()).find("Deadlock"), std::string::npos) << e.what();
      }
    }
    until = std::chrono::steady_clock::now() + 120s;
    while (child.running() && std::chrono::steady_clock::now() < until && !scorer_waits_mid_batch(s, db.name())) {
      // Polling the server until a batch waits for the lock. Not faster: INNODB_TRX is a
      // cache that the server refreshes only when it was not read for 100 ms.
      std::this_thread::sleep_for(250ms);
    }
    ASSERT_TRUE(child.running()) << child.stderr_text();
    ASSERT_TRUE(scorer_waits_mid_batch(s, db.name()));
    child.signal(SIGKILL);
    EXPECT_EQ(child.wait(10s), -SIGKILL);
    ++kills;
    *holder << "COMMIT";
  }
  EXPECT_EQ(kills, 3);
  auto r = run_process({program_path("monitor-scorer"), "--batch-size", "400", "run"}, env_for(db));
  ASSERT_EQ(r.exit_status, 0) << r.err;
  expect_scored_exactly_once(db, sc, "killed mid-batch " + std::to_string(kills) + " times, then finished");
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

// Two scorers in one process, each with its own memory of the scorers (server_scores rows,
// history, recentmedian's candidate rows), take turns in an arbitrary order: each batch must
// notice that the other moved the cursor and read the state again, or it would score from
// stale values (every's previous score, a missing history row) and the result would differ.
TEST(ScorerNoRowTwice, TwoRunnersTakingTurnsOnOneScorer) {
  TestDatabase db("scorer_turns");
  ScenarioSpec spec;
  spec.servers = 30;
  spec.monitors = 10;
  spec.rows = 4000;
  spec.seed = 3;
  const auto sc = load(db, spec);
  InProcessScorer one(db, 250);
  InProcessScorer two(db, 250);
  std::mt19937 rng(17);  // fixed: the same turns every time
  int idle_in_a_row = 0;
  int turns_of[2] = {0, 0};
  for (int turn = 0; turn < 1000 && idle_in_a_row < 2; ++turn) {
    const int who = static_cast<int>(rng() % 2);
    const auto r = (who == 0 ? one : two).runner().round();
    ASSERT_TRUE(r.failures.empty()) << r.failures.front().error;
    if (r.worked > 0) ++turns_of[who];
    idle_in_a_row = r.worked > 0 ? 0 : idle_in_a_row + 1;
  }
  EXPECT_GT(turns_of[0], 3);
  EXPECT_GT(turns_of[1], 3);
  expect_scored_exactly_once(db, sc, "two runners taking turns");
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

// The sum of scorer_processed_count over the scorers, and the page, once the sum reaches
// `expected` (the counters move just after a batch commits) or the deadline passes.
struct Processed {
  double rows = 0;
  std::string page;
};

Processed processed_rows(int port) {
  Processed p;
  p.page = http_get(port, "/metrics");
  static const std::regex kProcessed("scorer_processed_count\\{scorer=\"[a-z]+\"\\} ([0-9.e+]+)");
  for (std::sregex_iterator it(p.page.begin(), p.page.end(), kProcessed), end; it != end; ++it) {
    p.rows += std::stod((*it)[1]);
  }
  return p;
}

Processed wait_for_processed(int port, double expected, std::chrono::seconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  auto p = processed_rows(port);
  while (p.rows < expected && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(20ms);  // polling the process's counters
    p = processed_rows(port);
  }
  return p;
}

void expect_scorer_metrics(const std::string& page) {
  for (const char* name : {"scorer_runs", "scorer_errors", "scorer_deadlocks_total", "scorer_processed_count",
                           "scorer_batch_duration_seconds", "scorer_batch_size", "scorer_sql_updates_total"}) {
    EXPECT_NE(page.find(name), std::string::npos) << name << "\n" << page;
  }
}

// Polls a process's /metrics until scorer_runs reaches `runs` (it is up and has looked at
// the scorers); false when it exits first or the deadline passes.
bool wait_for_runs(ChildProcess& child, double runs, std::chrono::seconds deadline) {
  static const std::regex kRuns("\nscorer_runs ([0-9.e+]+)");
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (child.running() && std::chrono::steady_clock::now() < until) {
    if (const int port = admin_port(child)) {
      const auto page = http_get(port, "/metrics");
      std::smatch m;
      if (std::regex_search(page, m, kRuns) && std::stod(m[1]) >= runs) return true;
    }
    std::this_thread::sleep_for(50ms);  // polling the process
  }
  return false;
}

// Polls the database until both scorer cursors are at or past `last_id`; false when a process
// in `alive` exits first or the deadline passes.
bool wait_for_cursors(soci::session& s, std::uint64_t last_id, std::initializer_list<ChildProcess*> alive,
                      std::chrono::seconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  const auto sql = "SELECT CAST(COUNT(*) AS CHAR) FROM scorer_status WHERE log_score_id >= " + std::to_string(last_id);
  for (;;) {
    if (int_value(s, sql) >= 2) return true;
    for (auto* p : alive) {
      if (!p->running()) return false;
    }
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(50ms);  // polling the database for the cursors
  }
}

// Two `server` processes on one database. The work is handed out in three parts so that what
// each process does is known whatever the machine's load: A alone scores part 1; B starts
// beside it; A stops (SIGTERM) and B alone scores part 2; a new A2 starts beside B and the two
// race for part 3. In the end every row was scored exactly once (the counters of the
// processes add up to the rows, and the database equals the independent computation), A and
// B served the original's metric names, and all stop promptly on SIGTERM. (A process that
// resumes with stale memory of a scorer is ScorerNoRowTwice.TwoRunnersTakingTurnsOnOneScorer.)
TEST(ScorerServerMode, TwoServersShareTheWorkServeMetricsAndStopOnSigterm) {
  TestDatabase db("scorer_two_servers");
  ScenarioSpec spec;
  spec.servers = 60;
  spec.monitors = 12;
  spec.rows = 12000;
  spec.seed = 5;
  auto sc = make_scenario(spec);
  // Part k's ids start k million higher: the rows the scorers write meanwhile take the
  // AUTO_INCREMENT ids after the previous part, below the next one, as in production where
  // submitted and scorer rows interleave.
  const std::size_t part = sc.rows.size() / 3;
  for (std::size_t i = 0; i < sc.rows.size(); ++i) sc.rows[i].id += std::min<std::size_t>(i / part, 2) * 1'000'000;
  auto& s = db.session();
  load_scenario_setup(s, sc);
  setup_scorers_from_start(s);
  const auto load_part = [&](std::size_t k) {
    const auto from = sc.rows.begin() + static_cast<std::ptrdiff_t>(k * part);
    const auto to = k == 2 ? sc.rows.end() : from + static_cast<std::ptrdiff_t>(part);
    load_scenario_rows(s, std::vector<ScenarioRow>(from, to), part + 2);  // one statement
    return (to - 1)->id;
  };
  auto env = env_for(db);
  env["SCORER_ADMIN_LISTEN"] = "127.0.0.1:0";
  const std::vector<std::string> argv{program_path("monitor-scorer"), "--batch-size", "500", "server"};
  const auto test_started = std::chrono::steady_clock::now();
  const auto phase = [&](const char* what) {  // where the time goes on a loaded machine
    std::cerr << std::chrono::duration<double>(std::chrono::steady_clock::now() - test_started).count() << " s: " << what
              << "\n";
  };

  // Part 1: A alone.
  const auto end1 = load_part(0);
  ChildProcess a(argv, env);
  ASSERT_TRUE(wait_for_cursors(s, end1, {&a}, 120s)) << a.stderr_text();
  const int port_a = admin_port(a);
  ASSERT_NE(port_a, 0) << a.stderr_text();
  const auto pa = wait_for_processed(port_a, 2.0 * part, 30s);
  EXPECT_EQ(pa.rows, 2.0 * part) << pa.page;  // each scorer read each row of part 1 once
  expect_scorer_metrics(pa.page);
  EXPECT_NE(http_get(port_a, "/__health").find(" 200 "), std::string::npos);
  phase("part 1 scored by A");

  // B beside A; then A stops and B alone scores part 2.
  ChildProcess b(argv, env);
  ASSERT_TRUE(wait_for_runs(b, 1, 60s)) << b.stderr_text();
  const int port_b = admin_port(b);
  auto stop_started = std::chrono::steady_clock::now();
  a.signal(SIGTERM);
  EXPECT_EQ(a.wait(20s), std::optional<int>(0)) << a.stderr_text();
  EXPECT_LT(std::chrono::steady_clock::now() - stop_started, 20s);
  const double b_before = processed_rows(port_b).rows;  // 0 unless it took part of part 1
  const auto end2 = load_part(1);
  ASSERT_TRUE(wait_for_cursors(s, end2, {&b}, 120s)) << b.stderr_text();
  const auto pb = wait_for_processed(port_b, b_before + 2.0 * part, 30s);
  EXPECT_EQ(pb.rows, b_before + 2.0 * part) << pb.page;
  expect_scorer_metrics(pb.page);
  phase("part 2 scored by B");

  // A2 beside B; both race for part 3.
  ChildProcess a2(argv, env);
  ASSERT_TRUE(wait_for_runs(a2, 1, 60s)) << a2.stderr_text();
  const int port_a2 = admin_port(a2);
  const double a2_before = processed_rows(port_a2).rows;
  const double b_before3 = processed_rows(port_b).rows;
  const auto end3 = load_part(2);
  ASSERT_TRUE(wait_for_cursors(s, end3, {&a2, &b}, 120s)) << a2.stderr_text() << b.stderr_text();
  const double part3 = 2.0 * static_cast<double>(sc.rows.size() - 2 * part);
  const auto until = std::chrono::steady_clock::now() + 30s;
  double shared = 0;
  for (;;) {  // polling the counters, which move just after each commit
    shared = processed_rows(port_a2).rows - a2_before + processed_rows(port_b).rows - b_before3;
    if (shared >= part3 || std::chrono::steady_clock::now() >= until) break;
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(shared, part3);  // no row of part 3 read twice by the two
  for (int port : {port_a2, port_b}) EXPECT_NE(http_get(port, "/__health").find(" 200 "), std::string::npos);
  phase("part 3 scored by A2 and B");

  stop_started = std::chrono::steady_clock::now();
  a2.signal(SIGTERM);
  b.signal(SIGTERM);
  EXPECT_EQ(a2.wait(20s), std::optional<int>(0)) << a2.stderr_text();
  EXPECT_EQ(b.wait(20s), std::optional<int>(0)) << b.stderr_text();
  EXPECT_LT(std::chrono::steady_clock::now() - stop_started, 20s);
  phase("stopped");
  expect_scored_exactly_once(db, sc, "two server processes");
}

}  // namespace
}  // namespace ntpmon::test
