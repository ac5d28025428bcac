// `run` batches (spec/selector.md §1.2 with D3): due servers only, one transaction per
// server, a failing server rolled back alone while the batch goes on, concurrent selectors
// not reviewing a server twice, `once` ignoring next_review, stale assignments invisible.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <future>
#include <sstream>
#include <thread>

#include "batch.h"
#include "log/logger.h"
#include "pass_runner.h"
#include "scenario_db.h"
#include "sql/selector.h"
#include "sqlrt/time.h"
#include "subprocess.h"
#include "test_database.h"

namespace {

using namespace ntpmon;
using namespace ntpmon::test::selector;
using selection::TimePoint;

test::TestDatabase& database() {
  static test::TestDatabase db{"selector_batch"};
  return db;
}

log::Logger quiet() { return log::Logger(log::stderr_sink(), log::Level::error); }

// Servers 1-3 due (1 never reviewed, 3 overdue longest), server 4 not due. Each has the same
// nine globally active, server-active monitors with priorities 1..9, so each pass demotes
// monitors 8 and 9 (Rule 1.5).
void load_fixture(test::TestDatabase& db) {
  clear_selector_tables(db);
  db.run_script("DROP TRIGGER IF EXISTS selector_log_fail");
  std::ostringstream sql;
  for (int m = 1; m <= 10; ++m) {
    sql << "INSERT INTO monitors (id, id_token, type, ip, ip_version, status, config, created_on) VALUES (" << m
        << ", 'token-" << m << "', 'monitor', '10." << m << ".0.1', 'v4', 'active', '', NOW());\n";
  }
  for (int s = 1; s <= 4; ++s) {
    sql << "INSERT INTO servers (id, ip, created_on) VALUES (" << s << ", '192.0.2." << s << "', NOW());\n";
    for (int m = 1; m <= 9; ++m) {
      sql << "INSERT INTO server_scores (monitor_id, server_id, status, created_on) VALUES (" << m << ", " << s
          << ", 'active', NOW());\n";
      sql << "INSERT INTO log_scores (monitor_id, server_id, ts, step, rtt) VALUES ";
      for (int k = 0; k < 10; ++k) {
        sql << (k ? ", " : "") << "(" << m << ", " << s << ", NOW() - INTERVAL " << (k + 1) << " HOUR, 1, " << m * 1000
            << ")";
      }
      sql << ";\n";
    }
  }
  sql << "INSERT INTO servers_monitor_review (server_id, next_review) VALUES (1, NULL), "
         "(2, NOW() - INTERVAL 1 HOUR), (3, NOW() - INTERVAL 2 HOUR), (4, NOW() + INTERVAL 1 HOUR);\n";
  db.run_script(sql.str());
}

std::string status_text(soci::session& s, int server) {
  std::string out;
  for (const auto& [status, ids] : server_statuses(s, static_cast<std::uint32_t>(server))) {
    out += status + ":";
    for (auto id : ids) {
      out += ' ';
      out += std::to_string(id);
    }
    out += ";";
  }
  return out;
}

std::string next_review(soci::session& s, int server) {
  std::string out;
  soci::indicator ind{};
  s << "SELECT DATE_FORMAT(next_review, '%Y-%m-%d %H:%i:%s') FROM servers_monitor_review WHERE server_id = :s",
      soci::use(server), soci::into(out, ind);
  return ind == soci::i_null ? "NULL" : out;
}

long long audit_rows(soci::session& s, int server) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM selector_log WHERE server_id = :s", soci::use(server), soci::into(n);
  return n;
}

const std::string kDemoted = "active: 1 2 3 4 5 6 7;testing: 8 9;";
const std::string kUntouched = "active: 1 2 3 4 5 6 7 8 9;";

// D3: server 2's audit insert fails (an injected trigger): its pass rolls back alone, its
// review is written as unchanged (+20 min), and servers 3 and 1 commit.
TEST(SelectorBatch, D3FailingServerRollsBackAloneAndTheBatchGoesOn) {
  auto& db = database();
  load_fixture(db);
  db.run_script(
      "DELIMITER //\n"
      "CREATE TRIGGER selector_log_fail BEFORE INSERT ON selector_log FOR EACH ROW\n"
      "BEGIN\n"
      "  IF NEW.server_id = 2 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected audit failure'; END IF;\n"
      "END //\n"
      "DELIMITER ;\n");
  auto& s = db.session();
  const std::string before4 = next_review(s, 4);
  const TimePoint now = selector::current_time();

  const selector::BatchResult result = selector::run_batch(s, [&] { return now; }, quiet(), nullptr);
  db.run_script("DROP TRIGGER selector_log_fail");

  EXPECT_EQ(result.servers, 3u);
  EXPECT_EQ(result.changed, 2u);
  EXPECT_EQ(result.failed, 1u);
  EXPECT_EQ(result.skipped, 0u);
  for (int server : {1, 3}) {
    EXPECT_EQ(status_text(s, server), kDemoted) << server;
    EXPECT_EQ(next_review(s, server), sqlrt::format_datetime(now + std::chrono::minutes(60))) << server;
    EXPECT_EQ(audit_rows(s, server), 2) << server;
  }
  // Rolled back: statuses as loaded, no audit, reviewed as unchanged.
  EXPECT_EQ(status_text(s, 2), kUntouched);
  EXPECT_EQ(audit_rows(s, 2), 0);
  EXPECT_EQ(next_review(s, 2), sqlrt::format_datetime(now + std::chrono::minutes(20)));
  // Not due: not reviewed.
  EXPECT_EQ(status_text(s, 4), kUntouched);
  EXPECT_EQ(next_review(s, 4), before4);

  // Nothing is due any more.
  EXPECT_EQ(selector::run_batch(s, [&] { return now; }, quiet(), nullptr).servers, 0u);
}

TEST(SelectorBatch, RunCommandReviewsEveryDueServer) {
  auto& db = database();
  load_fixture(db);
  const auto result = test::run_process({test::program_path("monitor-selector"), "run"},
                                        {{"DATABASE_DSN", db.dsn_text()}});
  ASSERT_EQ(result.exit_status, 0) << result.err;
  EXPECT_NE(result.out.find("servers: 3, changed: 3, failed: 0, skipped: 0"), std::string::npos) << result.out;
  auto& s = db.session();
  for (int server : {1, 2, 3}) EXPECT_EQ(status_text(s, server), kDemoted) << server;
  EXPECT_EQ(status_text(s, 4), kUntouched);
  EXPECT_NE(result.err.find("msg=\"status change\" server_id=1 monitor_id=8 from=active to=testing rule=\"rule 1.5\""),
            std::string::npos)
      << result.err;
}

TEST(SelectorBatch, OnceIgnoresNextReview) {
  auto& db = database();
  load_fixture(db);
  auto& s = db.session();
  const TimePoint now = selector::current_time();
  const auto outcome = selector::run_once(s, 4, now, quiet(), nullptr);
  ASSERT_TRUE(outcome.applied);
  EXPECT_TRUE(outcome.applied->changed);
  EXPECT_EQ(status_text(s, 4), kDemoted);
  EXPECT_EQ(next_review(s, 4), sqlrt::format_datetime(now + std::chrono::minutes(60)));
}

// §7 and §8: a failing status UPDATE is logged and counted and the other changes still run;
// when step 1 of a pause fails, steps 2 and 3 are skipped. (Injected with a trigger.)
TEST(SelectorBatch, FailingWritesAreCountedAndTheRestRun) {
  auto& db = database();
  load_fixture(db);
  db.run_script(
      "UPDATE monitors SET ip = '192.0.2.77' WHERE id = 7;\n"
      "DELIMITER //\n"
      "CREATE TRIGGER server_scores_fail BEFORE UPDATE ON server_scores FOR EACH ROW\n"
      "BEGIN\n"
      "  IF (NEW.server_id = 1 AND NEW.monitor_id = 9 AND NEW.status <> OLD.status)\n"
      "     OR (NEW.server_id = 2 AND NEW.monitor_id = 7 AND NEW.constraint_violation_type IS NOT NULL) THEN\n"
      "    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected update failure';\n"
      "  END IF;\n"
      "END //\n"
      "DELIMITER ;\n");
  auto& s = db.session();
  // Server 1 (192.0.2.1): monitor 7 is now in its /24 too; the plan demotes 7 (Rule 2),
  // whose UPDATE works, and pauses it; Rule 1.5 then has no budget left. Server 2: the same.
  const auto one = selector::run_once(s, 1, selector::current_time(), quiet(), nullptr);
  const auto two = selector::run_once(s, 2, selector::current_time(), quiet(), nullptr);
  db.run_script("DROP TRIGGER server_scores_fail");

  ASSERT_TRUE(one.applied && two.applied);
  EXPECT_EQ(one.applied->failed_changes, 0);
  EXPECT_EQ(one.applied->applied_tracking.size(), 3u);
  EXPECT_EQ(status_text(s, 1), "active: 1 2 3 4 5 6 8 9;paused: 7;");

  // Server 2: step 1 (set_violation) fails, so the status and the pause reason are not set.
  EXPECT_EQ(two.applied->failed_tracking, 1);
  EXPECT_EQ(two.applied->skipped_tracking, 2);
  EXPECT_TRUE(two.applied->applied_tracking.empty());
  EXPECT_EQ(status_text(s, 2), "active: 1 2 3 4 5 6 8 9;testing: 7;");
  EXPECT_EQ(audit_rows(s, 2), 1);  // the status change only

  // A failing status change: server 3's plan demotes 8 and 9 (Rule 1.5); 9's UPDATE fails.
  db.run_script(
      "UPDATE monitors SET ip = '10.7.0.1' WHERE id = 7;\n"
      "DELIMITER //\n"
      "CREATE TRIGGER server_scores_fail BEFORE UPDATE ON server_scores FOR EACH ROW\n"
      "BEGIN\n"
      "  IF NEW.server_id = 3 AND NEW.monitor_id = 9 THEN\n"
      "    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected update failure';\n"
      "  END IF;\n"
      "END //\n"
      "DELIMITER ;\n");
  const auto three = selector::run_once(s, 3, selector::current_time(), quiet(), nullptr);
  db.run_script("DROP TRIGGER server_scores_fail");
  ASSERT_TRUE(three.applied);
  EXPECT_EQ(three.applied->plan.changes.size(), 2u);
  EXPECT_EQ(three.applied->failed_changes, 1);
  ASSERT_EQ(three.applied->applied_changes.size(), 1u);
  EXPECT_EQ(three.applied->applied_changes[0].monitor_id, 8u);
  EXPECT_TRUE(three.applied->changed);
  EXPECT_EQ(status_text(s, 3), "active: 1 2 3 4 5 6 7 9;testing: 8;");
  EXPECT_EQ(audit_rows(s, 3), 1);
}

// Ambiguities #13: a server_scores row whose monitor has no log_scores in the window is not
// seen: never changed, not counted.
TEST(SelectorBatch, StaleAssignmentIsInvisible) {
  auto& db = database();
  load_fixture(db);
  db.run_script(
      "INSERT INTO server_scores (monitor_id, server_id, status, created_on) VALUES (10, 1, 'active', NOW());"
      "INSERT INTO log_scores (monitor_id, server_id, ts, step, rtt) VALUES (10, 1, NOW() - INTERVAL 25 HOUR, -1, 900000);");
  auto& s = db.session();
  selector::run_once(s, 1, selector::current_time(), quiet(), nullptr);
  EXPECT_EQ(status_text(s, 1), "active: 1 2 3 4 5 6 7 10;testing: 8 9;");
  long long audit10 = 0;
  s << "SELECT COUNT(*) FROM selector_log WHERE monitor_id = 10", soci::into(audit10);
  EXPECT_EQ(audit10, 0);
}

// D3 with two selectors: while one holds server 1's review row (it is reviewing it), the
// other's batch waits for it and then skips the server, which is no longer due.
TEST(SelectorBatch, ConcurrentSelectorSkipsAServerReviewedMeanwhile) {
  auto& db = database();
  load_fixture(db);
  auto first = db.connect();
  auto second = db.connect();
  const TimePoint now = selector::current_time();

  soci::transaction holding(*first);
  ASSERT_TRUE(sql::ClaimServerForReview(*first, 1));
  EXPECT_FALSE(sql::ClaimServerForReview(*first, 4)) << "server 4 is not due";
  sql::UpdateServersMonitorReview(*first, now + std::chrono::minutes(20), 1);

  auto batch = std::async(std::launch::async, [&] {
    return selector::run_batch(*second, [&] { return now; }, quiet(), nullptr);
  });
  // Wait until the second selector is blocked on server 1's row.
  auto& s = db.session();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  long long waiting = 0;
  while (waiting == 0 && std::chrono::steady_clock::now() < deadline) {
    // (The locking read waits while the optimizer reads the const row, in state
    // "Statistics", before InnoDB lists it as a transaction in LOCK WAIT.)
    s << "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() "
         "AND COMMAND = 'Query' AND INFO LIKE '%FROM servers_monitor_review WHERE server_id = 1 %FOR UPDATE'",
        soci::into(waiting);
    if (waiting == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(waiting, 1) << "the second selector never waited for the row";
  holding.commit();

  const selector::BatchResult result = batch.get();
  EXPECT_EQ(result.servers, 3u);
  EXPECT_EQ(result.skipped, 1u);
  EXPECT_EQ(result.changed, 2u);
  EXPECT_EQ(status_text(s, 1), kUntouched);
  EXPECT_EQ(audit_rows(s, 1), 0);
}

}  // namespace
