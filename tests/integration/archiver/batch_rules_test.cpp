// The batch rules of spec/archiver.md §2.3-§2.6 with the original's constants: test vectors
// TV6-TV12 (TV12 with smaller configured limits: 10,000,100 rows would take minutes here).
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <regex>

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

// "archived batch" progress lines: first_id-last_id of each.
std::vector<std::string> batches_logged(const std::string& err) {
  std::vector<std::string> out;
  std::regex line(R"(msg="archived batch".* rows=(\d+) first_id=(\d+) last_id=(\d+) .*rows_per_s=)");
  for (std::sregex_iterator it(err.begin(), err.end(), line), end; it != end; ++it) {
    out.push_back((*it)[2].str() + "-" + (*it)[3].str() + ":" + (*it)[1].str());
  }
  return out;
}

TEST(ArchiverBatchRules, Tv6Tv7Tv8FileAvroMinimumAndOneBatch) {
  ArchiverTestEnv env("archiver_tv678");
  env.set_status("fileavro", std::nullopt, "NOW() - INTERVAL 2 DAY");
  std::int64_t modified = env.modified_unix("fileavro");

  // TV6: 400000 < 500000 -> nothing.
  env.insert_generated_rows(1, 400000, kT1);
  auto r6 = env.run();
  ASSERT_EQ(r6.exit_status, 0) << r6.out << r6.err;
  EXPECT_TRUE(std::filesystem::is_empty(env.avro_dir()));
  EXPECT_EQ(env.marker("fileavro"), std::nullopt);
  EXPECT_EQ(env.modified_unix("fileavro"), modified);

  // TV7: exactly 500000 -> the count passes but the loop needs more -> nothing.
  env.insert_generated_rows(400001, 500000, kT1 + 4000000);
  auto r7 = env.run();
  ASSERT_EQ(r7.exit_status, 0) << r7.out << r7.err;
  EXPECT_TRUE(std::filesystem::is_empty(env.avro_dir()));
  EXPECT_EQ(env.marker("fileavro"), std::nullopt);
  EXPECT_EQ(env.modified_unix("fileavro"), modified);

  // TV8: 500001 -> one batch of 500001 rows in 10 blocks, marker 500001, modified now.
  env.insert_generated_rows(500001, 500001, kT1 + 5000000);
  auto r8 = env.run();
  ASSERT_EQ(r8.exit_status, 0) << r8.out << r8.err;
  auto files = env.avro_files();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].filename(), std::to_string(kT1) + "-1.avro");
  std::vector<std::uint64_t> blocks(9, 50001);
  blocks.push_back(49992);
  EXPECT_EQ(read_avro_framing_blocks(files[0]), blocks);
  EXPECT_EQ(env.marker("fileavro"), 500001u);
  long long age = -1;
  env.sql() << "SELECT TIMESTAMPDIFF(SECOND, modified_on, NOW()) FROM log_scores_archive_status "
               "WHERE archiver = 'fileavro'",
      soci::into(age);
  EXPECT_LE(age, 60);
  EXPECT_EQ(batches_logged(r8.err), (std::vector<std::string>{"1-500001:500001"}));
  // Every row is in the file once.
  auto read = read_avro_with_avro_c(files);
  ASSERT_EQ(read.size(), 500001u);
  for (std::size_t i = 0; i < read.size(); ++i) ASSERT_EQ(read[i].id, i + 1);
}

TEST(ArchiverBatchRules, Tv9IntervalGate) {
  ArchiverTestEnv env("archiver_tv9");
  env.insert_generated_rows(1, 500001, kT1);
  env.insert_generated_rows(500002, 1100000, kT1 + 6000000);
  env.set_status("fileavro", 500001u, "NOW() - INTERVAL 23 HOUR");
  auto skipped = env.run();
  ASSERT_EQ(skipped.exit_status, 0) << skipped.out << skipped.err;
  EXPECT_TRUE(env.avro_files().empty());
  EXPECT_EQ(env.marker("fileavro"), 500001u);

  env.set_status("fileavro", 500001u, "NOW() - INTERVAL 25 HOUR");
  auto processed = env.run();
  ASSERT_EQ(processed.exit_status, 0) << processed.out << processed.err;
  EXPECT_EQ(env.avro_files().size(), 1u);
  EXPECT_EQ(env.marker("fileavro"), 1100000u);
}

TEST(ArchiverBatchRules, Tv10ClickHouseThreshold) {
  ArchiverTestEnv env("archiver_tv10");
  REQUIRE_CLICKHOUSE(ch);
  env.insert_generated_rows(1000, 1050, kT1);
  env.set_status("clickhouse", 1000u);
  auto fifty = env.run({{"ch_dsn", ch->url()}});
  ASSERT_EQ(fifty.exit_status, 0) << fifty.out << fifty.err;
  EXPECT_EQ(env.marker("clickhouse"), 1000u);
  EXPECT_EQ(ch->query("SELECT count() FROM log_scores"), "0\n");

  env.insert_generated_rows(1051, 1051, kT1 + 600);
  auto fifty_one = env.run({{"ch_dsn", ch->url()}});
  ASSERT_EQ(fifty_one.exit_status, 0) << fifty_one.out << fifty_one.err;
  EXPECT_EQ(env.marker("clickhouse"), 1051u);
  EXPECT_EQ(batches_logged(fifty_one.err), (std::vector<std::string>{"1001-1051:51"}));
  EXPECT_EQ(ch->query("SELECT count(), min(id), max(id) FROM log_scores FORMAT TabSeparated"), "51\t1001\t1051\n");
}

TEST(ArchiverBatchRules, Tv11ClickHouseThreeBatches) {
  ArchiverTestEnv env("archiver_tv11");
  REQUIRE_CLICKHOUSE(ch);
  env.insert_generated_rows(1, 1200000, kT1);
  env.set_status("clickhouse", std::nullopt);
  auto r = env.run({{"ch_dsn", ch->url()}});
  ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
  EXPECT_EQ(batches_logged(r.err),
            (std::vector<std::string>{"1-500000:500000", "500001-1000000:500000", "1000001-1200000:200000"}));
  EXPECT_EQ(env.marker("clickhouse"), 1200000u);
  EXPECT_EQ(ch->query("SELECT count(), sum(id) FROM log_scores FORMAT TabSeparated"), "1200000\t720000600000\n");
}

TEST(ArchiverBatchRules, Tv12RemainderLeftBehind) {
  // TV12's shape with configured limits: max 1000 per batch, min 500; 1100 rows.
  ArchiverTestEnv env("archiver_tv12");
  env.insert_generated_rows(1, 1100, kT1);
  env.set_status("fileavro", std::nullopt);
  std::map<std::string, std::string> limits{{"batch_avro_min_size", "500"}, {"batch_avro_max_size", "1000"}};
  auto r = env.run(limits);
  ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
  EXPECT_EQ(batches_logged(r.err), (std::vector<std::string>{"1-1000:1000"}));
  EXPECT_EQ(env.marker("fileavro"), 1000u);
  ASSERT_EQ(env.avro_files().size(), 1u);
  EXPECT_EQ(env.avro_files()[0].filename(), std::to_string(kT1) + "-1.avro");

  // The next eligible run needs more than 500 rows beyond the marker.
  limits["batch_avro_interval"] = "0s";
  env.insert_generated_rows(1101, 1500, kT1 + 20000);
  auto waiting = env.run(limits);
  ASSERT_EQ(waiting.exit_status, 0);
  EXPECT_EQ(env.marker("fileavro"), 1000u);
  env.insert_generated_rows(1501, 1501, kT1 + 30000);
  auto next = env.run(limits);
  ASSERT_EQ(next.exit_status, 0);
  EXPECT_EQ(batches_logged(next.err), (std::vector<std::string>{"1001-1501:501"}));
  EXPECT_EQ(env.marker("fileavro"), 1501u);
}

TEST(ArchiverBatchRules, OtherSourceTable) {
  ArchiverTestEnv env("archiver_table");
  env.insert_generated_rows(1, 20, kT1, "log_scores_test");
  env.insert_generated_rows(1, 30, kT1, "log_scores");  // the marker references log_scores (§2.5)
  env.set_status("fileavro", std::nullopt);
  auto r = env.run({{"batch_avro_min_size", "1"}}, {"archive", "-t", "log_scores_test"});
  ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
  EXPECT_EQ(read_avro_with_avro_c(env.avro_files()), expected_records(env.rows("log_scores_test"), Destination::avro));
  EXPECT_EQ(env.marker("fileavro"), 20u);
}

}  // namespace
}  // namespace ntpmon::test
