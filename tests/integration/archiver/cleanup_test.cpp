// Cleanup (spec/archiver.md §4) with the project decision that an archiver without a marker
// protects every row: TV16, TV17, and deleting in bounded chunks.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <set>

#include "archiver_env.h"

namespace ntpmon::test {
namespace {

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

std::set<std::uint64_t> ids(ArchiverTestEnv& env) {
  std::set<std::uint64_t> out;
  for (const auto& r : env.rows()) out.insert(r.id);
  return out;
}

// The rows of TV16, ts relative to now.
void insert_tv16_rows(ArchiverTestEnv& env) {
  env.db().run_script(R"(
    INSERT INTO log_scores (id, monitor_id, server_id, ts, score, step) VALUES
      (900,  1, 1, UTC_TIMESTAMP() - INTERVAL 20 DAY, 1, 1),
      (950,  1, 1, UTC_TIMESTAMP() - INTERVAL 10 DAY, 1, 1),
      (999,  1, 1, UTC_TIMESTAMP() - INTERVAL 16 DAY, 1, 1),
      (1000, 1, 1, UTC_TIMESTAMP() - INTERVAL 20 DAY, 1, 1),
      (4000, 1, 1, UTC_TIMESTAMP() - INTERVAL 20 DAY, 1, 1),
      (5000, 1, 1, UTC_TIMESTAMP() - INTERVAL 1 DAY, 1, 1))");
}

// The archivers are kept from running (recent success, 24 h interval) so only cleanup acts.
std::map<std::string, std::string> cleanup_only(const ClickHouseServer& ch) {
  return {{"ch_dsn", ch.url()}, {"batch_ch_interval", "24h"}, {"retention_days", "15"}};
}

TEST(ArchiverCleanup, Tv16DeletesOnlyOldRowsBelowEveryMarker) {
  ArchiverTestEnv env("archiver_tv16");
  REQUIRE_CLICKHOUSE(ch);
  insert_tv16_rows(env);
  env.set_status("fileavro", 1000u, "NOW()");
  env.set_status("clickhouse", 5000u, "NOW()");

  // Cleanup ran 3 minutes ago: within its 4 minute interval, nothing is deleted.
  env.set_status("cleanup", std::nullopt, "NOW() - INTERVAL 3 MINUTE");
  std::int64_t before = env.modified_unix("cleanup");
  auto early = env.run(cleanup_only(*ch));
  ASSERT_EQ(early.exit_status, 0) << early.out << early.err;
  EXPECT_EQ(ids(env), (std::set<std::uint64_t>{900, 950, 999, 1000, 4000, 5000}));
  EXPECT_EQ(env.modified_unix("cleanup"), before);

  env.set_status("cleanup", std::nullopt, "NOW() - INTERVAL 10 MINUTE");
  auto r = env.run(cleanup_only(*ch));
  ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
  // 900 and 999 go; 1000 is a marker (strict <), 950 is too new, 4000 is above fileavro's marker.
  EXPECT_EQ(ids(env), (std::set<std::uint64_t>{950, 1000, 4000, 5000}));
  EXPECT_EQ(env.marker("cleanup"), std::nullopt);
  EXPECT_GT(env.modified_unix("cleanup"), before);
  EXPECT_NE(r.err.find("msg=\"cleanup deleted archived log scores\" archiver=cleanup rows=2"), std::string::npos)
      << r.err;
}

TEST(ArchiverCleanup, Tv17ANullMarkerProtectsEverything) {
  ArchiverTestEnv env("archiver_tv17");
  REQUIRE_CLICKHOUSE(ch);
  insert_tv16_rows(env);
  env.set_status("fileavro", 1000u, "NOW()");
  env.set_status("clickhouse", std::nullopt, "NOW()");  // configured, nothing archived yet
  env.set_status("cleanup", std::nullopt, "NOW() - INTERVAL 10 MINUTE");
  std::int64_t before = env.modified_unix("cleanup");
  auto r = env.run(cleanup_only(*ch));
  ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
  EXPECT_EQ(ids(env), (std::set<std::uint64_t>{900, 950, 999, 1000, 4000, 5000}));
  EXPECT_GT(env.modified_unix("cleanup"), before) << "the cleanup row is still updated";

  // All markers NULL: nothing either.
  env.set_status("fileavro", std::nullopt, "NOW()");
  env.set_status("cleanup", std::nullopt, "NOW() - INTERVAL 10 MINUTE");
  auto all_null = env.run(cleanup_only(*ch));
  ASSERT_EQ(all_null.exit_status, 0);
  EXPECT_EQ(ids(env).size(), 6u);

  // Once every archiver has a marker, the smallest one bounds the deletion as in TV16.
  env.set_status("fileavro", 1000u, "NOW()");
  env.set_status("clickhouse", 5000u, "NOW()");
  env.set_status("cleanup", std::nullopt, "NOW() - INTERVAL 10 MINUTE");
  auto marked = env.run(cleanup_only(*ch));
  ASSERT_EQ(marked.exit_status, 0);
  EXPECT_EQ(ids(env), (std::set<std::uint64_t>{950, 1000, 4000, 5000}));
}

TEST(ArchiverCleanup, DeletesInBoundedChunksUpToTheRunLimit) {
  ArchiverTestEnv env("archiver_cleanup_chunks");
  // 30000 old rows, archived up to 29000 by the only archiver.
  env.db().run_script(R"(
    INSERT INTO log_scores (id, monitor_id, server_id, ts, score, step)
      SELECT seq, 1, 1, UTC_TIMESTAMP() - INTERVAL 30 DAY, 1, 1 FROM seq_1_to_30000)");
  env.set_status("fileavro", 29000u, "NOW()");
  env.set_status("cleanup", std::nullopt, "NOW() - INTERVAL 1 HOUR");
  std::map<std::string, std::string> settings{
      {"cleanup_chunk_size", "1000"}, {"cleanup_batch_size", "25500"}, {"cleanup_default_interval", "0s"}};
  auto first = env.run(settings);
  ASSERT_EQ(first.exit_status, 0) << first.out << first.err;
  EXPECT_EQ(env.row_count(), 30000u - 25500u);
  long long smallest = 0;
  env.sql() << "SELECT MIN(id) FROM log_scores", soci::into(smallest);
  EXPECT_EQ(smallest, 25501) << "the oldest ids go first";

  auto second = env.run(settings);
  ASSERT_EQ(second.exit_status, 0);
  env.sql() << "SELECT MIN(id) FROM log_scores", soci::into(smallest);
  EXPECT_EQ(smallest, 29000) << "never past the marker";
  EXPECT_EQ(env.row_count(), 1001u);
}

TEST(ArchiverCleanup, ErrorIsLoggedAndTheRunGoesOn) {
  ArchiverTestEnv env("archiver_cleanup_error");
  env.db().run_script(R"(
    INSERT INTO log_scores (id, monitor_id, server_id, ts, score, step)
      SELECT seq, 1, 1, UTC_TIMESTAMP() - INTERVAL 30 DAY, 1, 1 FROM seq_1_to_100;
    INSERT INTO scorer_status (scorer_id, log_score_id) VALUES (1, 5))");  // a reference blocks the DELETE
  env.set_status("cleanup", std::nullopt, "NOW() - INTERVAL 1 HOUR");
  env.set_status("fileavro", 50u, "NOW() - INTERVAL 2 DAY");
  auto r = env.run({{"batch_avro_min_size", "1"}});
  EXPECT_EQ(r.exit_status, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("msg=\"error running cleanup\""), std::string::npos) << r.err;
  EXPECT_EQ(env.marker("fileavro"), 100u) << "the archivers after cleanup still ran";
}

}  // namespace
}  // namespace ntpmon::test
