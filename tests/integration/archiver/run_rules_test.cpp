// The run of spec/archiver.md §2.2: processing order and abort (TV13), bad rows (TV14), the
// run lock (TV15, two runs at once), the command line and configuration errors.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <signal.h>
#include <thread>

#include "archiver_env.h"

namespace ntpmon::test {
namespace {

constexpr std::int64_t kT1 = 1500000000;

std::unique_ptr<ClickHouseServer> start_clickhouse() {
  try {
    return std::make_unique<ClickHouseServer>();
  } catch (const ClickHouseUnavailable&) {
    return nullptr;
  }
}

#define REQUIRE_CLICKHOUSE(ch)   \
  auto ch = start_clickhouse(); \
  if (!ch) GTEST_SKIP() << "clickhouse-server cannot run here";

TEST(ArchiverRun, Tv13OrderAndAbortOnUnknownArchiver) {
  ArchiverTestEnv env("archiver_tv13");
  env.insert_generated_rows(1, 2000, kT1);
  env.set_status("cleanup", std::nullopt, "NOW() - INTERVAL 60 MINUTE");
  env.set_status("clickhouse", 1000u, "NOW() - INTERVAL 55 MINUTE");
  env.set_status("fileavro", 900u, "NOW() - INTERVAL 2 DAY");
  env.set_status("bogus", 950u, "NOW() - INTERVAL 2 DAY");
  // Nothing listens there: reaching clickhouse would fail differently.
  auto r = env.run({{"batch_avro_min_size", "1"}, {"ch_dsn", "http://127.0.0.1:9/default"}});
  EXPECT_EQ(r.exit_status, 1) << r.err;
  EXPECT_EQ(r.out, "Error: error processing bogus: unknown archiver 'bogus'\n");
  // Order: cleanup, fileavro(900), bogus(950) -> stop; clickhouse(1000) untouched.
  auto cleanup_pos = r.err.find("archiver=cleanup");
  auto fileavro_pos = r.err.find("archiver=fileavro");
  EXPECT_NE(cleanup_pos, std::string::npos);
  EXPECT_NE(fileavro_pos, std::string::npos);
  EXPECT_LT(cleanup_pos, fileavro_pos);
  EXPECT_EQ(r.err.find("archiver=clickhouse"), std::string::npos);
  EXPECT_EQ(env.marker("fileavro"), 2000u) << "fileavro's progress is kept";
  EXPECT_EQ(env.marker("clickhouse"), 1000u);
  EXPECT_EQ(env.marker("bogus"), 950u);
}

TEST(ArchiverRun, Tv14BadAttributesAbortWithoutProgress) {
  ArchiverTestEnv env("archiver_tv14");
  REQUIRE_CLICKHOUSE(ch);
  env.insert_generated_rows(1, 60, kT1);
  env.db().run_script("UPDATE log_scores SET attributes = '{invalid json' WHERE id = 31");
  env.set_status("clickhouse", std::nullopt);
  auto r = env.run({{"ch_dsn", ch->url()}});
  EXPECT_EQ(r.exit_status, 1) << r.err;
  EXPECT_NE(r.out.find("Error: error processing clickhouse: log_scores id 31: attributes: not valid JSON"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(ch->query("SELECT count() FROM log_scores"), "0\n");
  EXPECT_EQ(env.marker("clickhouse"), std::nullopt);

  env.db().run_script("UPDATE log_scores SET attributes = '{\"leap\":-1}' WHERE id = 31");
  auto negative = env.run({{"ch_dsn", ch->url()}});
  EXPECT_EQ(negative.exit_status, 1);
  EXPECT_NE(negative.out.find("log_scores id 31: attributes: leap -1 is not an integer from 0 to 255"),
            std::string::npos)
      << negative.out;
  EXPECT_EQ(env.marker("clickhouse"), std::nullopt);
}

TEST(ArchiverRun, Tv15LockHeldElsewhere) {
  ArchiverTestEnv env("archiver_tv15");
  env.insert_generated_rows(1, 100, kT1);
  env.insert_generated_rows(1, 100, kT1, "log_scores_test");
  env.set_status("fileavro", std::nullopt);
  auto holder = env.db().connect();
  long long got = 0;
  *holder << "SELECT GET_LOCK('archiver-log_scores', 0)", soci::into(got);
  ASSERT_EQ(got, 1);

  // The original's lock name (archiver-<table>), which this test holds.
  const std::map<std::string, std::string> default_lock{{"batch_avro_min_size", "1"}, {"archiver_lock_name", "\x01unset"}};
  auto r = env.run(default_lock);
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_EQ(r.out, "Error: did not get lock, exiting\n");
  EXPECT_TRUE(std::filesystem::is_empty(env.avro_dir()));
  EXPECT_EQ(env.marker("fileavro"), std::nullopt);

  // The lock is per table.
  auto other = env.run(default_lock, {"archive", "-t", "log_scores_test"});
  EXPECT_EQ(other.exit_status, 0) << other.out << other.err;

  // Waiting for the lock (archiver_lock_wait) gets it once the holder lets go.
  Child waiting({program_path("monitor-archiver"), "archive"},
                env.env({{"batch_avro_min_size", "1"},
                         {"archiver_lock_name", "\x01unset"},
                         {"archiver_lock_wait", "60s"},
                         {"batch_avro_interval", "0s"}}));
  long long released = 0;
  *holder << "SELECT RELEASE_LOCK('archiver-log_scores')", soci::into(released);
  EXPECT_EQ(waiting.wait(), 0) << waiting.output();
}

TEST(ArchiverRun, TwoRunsAtOnceArchiveEachRowOnce) {
  ArchiverTestEnv env("archiver_two_runs");
  env.insert_generated_rows(1, 200000, kT1);
  env.set_status("fileavro", std::nullopt);
  auto settings = env.env({{"batch_avro_min_size", "1"},
                           {"batch_avro_max_size", "10000"},
                           {"batch_avro_interval", "0s"},
                           {"archiver_read_chunk_rows", "2000"}});
  Child first({program_path("monitor-archiver"), "archive"}, settings);
  Child second({program_path("monitor-archiver"), "archive"}, settings);
  int a = first.wait();
  int b = second.wait();
  std::multiset<int> statuses{a, b};
  EXPECT_TRUE(statuses == std::multiset<int>({0, 1}) || statuses == std::multiset<int>({0, 0}))
      << first.output() << second.output();
  for (const Child* c : {&first, &second}) {
    if (c == &first ? a == 1 : b == 1) {
      EXPECT_NE(c->output().find("Error: did not get lock, exiting"), std::string::npos) << c->output();
    }
  }
  auto read = read_avro_with_avro_c(env.avro_files());
  ASSERT_EQ(read.size(), 200000u);
  for (std::size_t i = 0; i < read.size(); ++i) ASSERT_EQ(read[i].id, i + 1) << "row archived twice or missing";
  EXPECT_EQ(env.marker("fileavro"), 200000u);

  // Certain overlap, whatever the machine's load: the test holds the status table, so a run
  // that has taken the run lock stops at reading it. A second run started then exits at once
  // with the message; one told to wait (archiver_lock_wait) runs after the first and finds
  // nothing left.
  env.insert_generated_rows(200001, 220000, kT1 + 2000000);
  auto table_holder = env.db().connect();
  *table_holder << "LOCK TABLES log_scores_archive_status WRITE";
  Child holder({program_path("monitor-archiver"), "archive"}, settings);
  std::string lock_name = settings.at("archiver_lock_name");  // this test's archiver-{table}-<database>
  lock_name.replace(lock_name.find("{table}"), std::string_view("{table}").size(), "log_scores");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  auto lock_taken = [&] {
    soci::indicator held = soci::i_null;
    long long connection = 0;
    env.sql() << "SELECT IS_USED_LOCK(:name)", soci::use(lock_name), soci::into(connection, held);
    return held == soci::i_ok;
  };
  while (!lock_taken() && holder.running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(holder.running()) << "the first run should be waiting for the status table: " << holder.output();
  ASSERT_TRUE(lock_taken()) << "the first run did not take the run lock " << lock_name;
  auto refused = run_process({program_path("monitor-archiver"), "archive"}, settings);
  EXPECT_EQ(refused.exit_status, 1);
  EXPECT_EQ(refused.out, "Error: did not get lock, exiting\n");
  auto waiting_settings = settings;
  waiting_settings["archiver_lock_wait"] = "120s";
  Child waiter({program_path("monitor-archiver"), "archive"}, waiting_settings);
  *table_holder << "UNLOCK TABLES";
  EXPECT_EQ(holder.wait(), 0) << holder.output();
  EXPECT_EQ(waiter.wait(), 0) << waiter.output();
  EXPECT_NE(holder.output().find("archived batch"), std::string::npos) << holder.output();
  EXPECT_EQ(waiter.output().find("archived batch"), std::string::npos) << "the waiting run found the rows archived";
  read = read_avro_with_avro_c(env.avro_files());
  std::sort(read.begin(), read.end(), [](const auto& x, const auto& y) { return x.id < y.id; });
  ASSERT_EQ(read.size(), 220000u);
  for (std::size_t i = 0; i < read.size(); ++i) ASSERT_EQ(read[i].id, i + 1) << "row archived twice or missing";
  EXPECT_EQ(env.marker("fileavro"), 220000u);
}

TEST(ArchiverRun, SigtermStopsPromptlyAndDiscardsTheBatchInProgress) {
  ArchiverTestEnv env("archiver_sigterm");
  env.insert_generated_rows(1, 300000, kT1);
  env.set_status("fileavro", std::nullopt);
  // One batch of 300,000 rows read in small chunks: the signal lands inside it.
  Child run({program_path("monitor-archiver"), "archive"},
            env.env({{"batch_avro_min_size", "1"}, {"archiver_read_chunk_rows", "1000"}}));
  // Wait until the batch has started: its temp file exists.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  auto writing = [&] {
    for (const auto& e : std::filesystem::directory_iterator(env.avro_dir())) {
      if (e.path().filename().string().ends_with(".avro.tmp")) return true;
    }
    return false;
  };
  while (!writing() && run.running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(writing()) << run.output();
  auto signalled = std::chrono::steady_clock::now();
  run.kill(SIGTERM);
  int status = run.wait();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - signalled).count();
  EXPECT_EQ(status, 0) << run.output();
  EXPECT_LT(seconds, 3.0);
  EXPECT_NE(run.output().find("stopped before the run finished"), std::string::npos) << run.output();
  EXPECT_TRUE(std::filesystem::is_empty(env.avro_dir())) << "the discarded batch leaves no file";
  EXPECT_EQ(env.marker("fileavro"), std::nullopt);
}

TEST(ArchiverRun, InvalidTable) {
  ArchiverTestEnv env("archiver_bad_table");
  auto r = env.run({}, {"archive", "-t", "servers"});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_EQ(r.out,
            "Error: invalid table name 'servers', must be one of: [log_scores log_scores_archive log_scores_test]\n");
  auto narrowed = env.run({{"app_valid_tables", "log_scores"}}, {"archive", "-t", "log_scores_test"});
  EXPECT_EQ(narrowed.exit_status, 1);
  EXPECT_EQ(narrowed.out, "Error: invalid table name 'log_scores_test', must be one of: [log_scores]\n");
}

TEST(ArchiverRun, UsageAndConfigurationErrorsExit2) {
  ArchiverTestEnv env("archiver_usage");
  auto no_command = env.run({}, {});
  EXPECT_EQ(no_command.exit_status, 2);
  auto unknown_flag = env.run({}, {"archive", "--bogus"});
  EXPECT_EQ(unknown_flag.exit_status, 2);
  auto no_storage = env.run({{"avro_path", "\x01unset"}}, {"archive"});
  EXPECT_EQ(no_storage.exit_status, 2);
  EXPECT_NE(no_storage.err.find("at least one storage backend must be configured"), std::string::npos)
      << no_storage.err;
  auto bad_retention = env.run({{"retention_days", "-1"}}, {"archive"});
  EXPECT_EQ(bad_retention.exit_status, 2);
  EXPECT_NE(bad_retention.err.find("retention days must be positive"), std::string::npos) << bad_retention.err;
  auto help = env.run({}, {"--help"});
  EXPECT_EQ(help.exit_status, 0);
  EXPECT_NE(help.out.find("archive"), std::string::npos);
}

TEST(ArchiverRun, MissingBackendSettingNamesIt) {
  ArchiverTestEnv env("archiver_missing_backend");
  env.insert_generated_rows(1, 100, kT1);
  env.set_status("clickhouse", std::nullopt);
  auto r = env.run({{"batch_ch_min_size", "1"}});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_EQ(r.out, "Error: error processing clickhouse: ch_dsn environment not set\n");
  auto unreachable = env.run({{"batch_ch_min_size", "1"}, {"ch_dsn", "http://127.0.0.1:9/default"}});
  EXPECT_EQ(unreachable.exit_status, 1);
  EXPECT_EQ(unreachable.out, "Error: error processing clickhouse: clickhouse http://127.0.0.1:9/default: could not connect\n");
  EXPECT_EQ(env.marker("clickhouse"), std::nullopt);
  env.db().run_script("DELETE FROM log_scores_archive_status");
  env.set_status("fileavro", std::nullopt);
  auto no_dir = env.run({{"avro_path", "\x01unset"}, {"ch_dsn", "http://127.0.0.1:9/x"}});
  EXPECT_EQ(no_dir.out, "Error: error processing fileavro: avro_path not set for fileavro\n");
  auto not_dir = env.run({{"avro_path", "/etc/hostname"}});
  EXPECT_EQ(not_dir.out, "Error: error processing fileavro: path \"/etc/hostname\" is not a directory\n");
}

}  // namespace
}  // namespace ntpmon::test
