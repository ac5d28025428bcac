// Test vectors TV1-TV5, TV18 and TV19 of spec/archiver.md §7, end to end: rows in MySQL, a run of
// monitor-archiver, and the archives read back by independent readers (python3-avro,
// avrocat, avro-c) and by ClickHouse itself, every field of every row compared with MySQL.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "archiver_env.h"

namespace ntpmon::test {
namespace {

const std::map<std::string, std::string> kSmallBatches{
    {"batch_avro_min_size", "1"}, {"batch_ch_min_size", "1"}, {"batch_avro_interval", "0s"}, {"avro_codec", "null"}};

std::vector<SourceRow> tv1_to_tv3() {
  return {
      {123, 10, 20, 1640995200, 15.5, 0.1, 0.05, 150, R"({"leap":1,"error":"test error"})"},
      {124, std::nullopt, 21, 1640995260, 16.0, 0.2, std::nullopt, std::nullopt, std::nullopt},
      {125, 12, 22, 1640995320, -5.25, -1.0, -0.0125, 0, R"({"leap":0,"error":"","warning":"slow","stratum":2})"},
  };
}

std::vector<SourceRow> tv5() {
  return {{200, 20, 30, 1640995300, 20.5, 0.2, std::nullopt, std::nullopt, ""},
          {201, 21, 31, 1640995360, 21.0, 0.3, std::nullopt, std::nullopt, "null"}};
}

std::vector<SourceRow> tv4_and_next() {
  return {{103535350, 1, 200, 1547999353, 19.2, 0.9, std::nullopt, 11234, std::nullopt},
          {103535351, 1, 200, 1547999413, 19.3, 0.1, std::nullopt, 11000, std::nullopt}};
}

std::unique_ptr<ClickHouseServer> start_clickhouse() {
  try {
    return std::make_unique<ClickHouseServer>();
  } catch (const ClickHouseUnavailable& e) {
    return nullptr;
  }
}

#define REQUIRE_CLICKHOUSE(ch)                                                       \
  auto ch = start_clickhouse();                                                      \
  if (!ch) GTEST_SKIP() << "clickhouse-server cannot run here (see the test log)";

TEST(ArchiverVectors, Tv1ToTv5ReadBackByEveryReader) {
  ArchiverTestEnv env("archiver_vectors");
  REQUIRE_CLICKHOUSE(ch);
  env.set_status("fileavro", std::nullopt);
  env.set_status("clickhouse", std::nullopt);
  auto extra = kSmallBatches;
  extra["ch_dsn"] = ch->url();

  env.insert_rows(tv1_to_tv3());
  auto r1 = env.run(extra);
  ASSERT_EQ(r1.exit_status, 0) << r1.out << r1.err;
  env.insert_rows(tv5());
  auto r2 = env.run(extra);
  ASSERT_EQ(r2.exit_status, 0) << r2.out << r2.err;
  env.insert_rows(tv4_and_next());
  auto r3 = env.run(extra);
  ASSERT_EQ(r3.exit_status, 0) << r3.out << r3.err;

  // File names from the first record of each batch (TV1, TV5, TV4).
  auto files = env.avro_files();
  std::vector<std::string> names;
  for (const auto& f : files) names.push_back(f.filename().string());
  EXPECT_EQ(names, (std::vector<std::string>{"1547999353-103535350.avro", "1640995200-123.avro", "1640995300-200.avro"}));
  EXPECT_EQ(read_avro_framing_blocks(env.avro_dir() / "1640995300-200.avro"), (std::vector<std::uint64_t>{2}));

  auto db_rows = env.rows();
  auto expected_avro = expected_records(db_rows, Destination::avro);
  std::vector<std::filesystem::path> in_id_order{env.avro_dir() / "1640995200-123.avro",
                                                 env.avro_dir() / "1640995300-200.avro",
                                                 env.avro_dir() / "1547999353-103535350.avro"};
  std::vector<std::string> ts_types;
  EXPECT_EQ(read_avro_with_python(in_id_order, &ts_types), expected_avro);
  EXPECT_EQ(ts_types, std::vector<std::string>(db_rows.size(), "datetime")) << "ts must decode as a timestamp";
  EXPECT_EQ(read_avro_with_avrocat(in_id_order), expected_avro);
  EXPECT_EQ(read_avro_with_avro_c(in_id_order), expected_avro);

  // A few values spelled out as the spec gives them.
  auto py = read_avro_with_python(in_id_order);
  EXPECT_EQ(py[0].ts_micros, 1640995200000000);
  EXPECT_EQ(py[0].step, 0.10000000149011612);
  EXPECT_EQ(py[0].offset, 0.05000000074505806);
  EXPECT_EQ(py[1].monitor_id, 0u);
  EXPECT_EQ(py[2].rtt, 0);
  EXPECT_EQ(py[2].leap, std::nullopt);
  EXPECT_EQ(py[5].score, 19.200000762939453);
  EXPECT_EQ(py[5].step, 0.8999999761581421);

  EXPECT_EQ(read_clickhouse(*ch), expected_records(db_rows, Destination::clickhouse));
  EXPECT_EQ(ch->query("SELECT toString(dt), toString(ts), warning FROM log_scores WHERE id IN (123, 103535350) "
                      "ORDER BY id FORMAT TabSeparated"),
            "2022-01-01\t2022-01-01 00:00:00\t\\N\n2019-01-20\t2019-01-20 15:49:13\t\\N\n");
  EXPECT_EQ(env.marker("fileavro"), 103535351u);
  EXPECT_EQ(env.marker("clickhouse"), 103535351u);
}

TEST(ArchiverVectors, GeneratedRowsMatchFieldByFieldInEveryCodec) {
  for (const char* codec : {"null", "deflate", "snappy"}) {
    SCOPED_TRACE(codec);
    ArchiverTestEnv env(std::string("archiver_codec_") + codec);
    env.set_status("fileavro", std::nullopt);
    env.insert_generated_rows(1, 3000, 1600000000);
    auto r = env.run({{"batch_avro_min_size", "1"}, {"avro_codec", codec}, {"batch_avro_append_size", "700"}});
    ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
    auto files = env.avro_files();
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0].filename(), "1600000000-1.avro");
    auto expected = expected_records(env.rows(), Destination::avro);
    std::vector<std::string> ts_types;
    EXPECT_EQ(read_avro_with_python(files, &ts_types), expected);
    EXPECT_EQ(ts_types, std::vector<std::string>(expected.size(), "datetime"));
    EXPECT_EQ(read_avro_with_avrocat(files), expected);
    EXPECT_EQ(read_avro_framing_blocks(files[0]), (std::vector<std::uint64_t>{701, 701, 701, 701, 196}));
  }
}

TEST(ArchiverVectors, GeneratedRowsMatchInClickHouse) {
  ArchiverTestEnv env("archiver_ch_rows");
  REQUIRE_CLICKHOUSE(ch);
  env.set_status("clickhouse", std::nullopt);
  env.insert_generated_rows(1, 5000, 1600000000);
  auto r = env.run({{"ch_dsn", ch->url()}, {"batch_ch_max_size", "2000"}});
  ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
  EXPECT_EQ(env.marker("clickhouse"), 5000u);
  EXPECT_EQ(read_clickhouse(*ch), expected_records(env.rows(), Destination::clickhouse));
  std::string mysql_counts;
  env.sql() << "SELECT CONCAT(COUNT(*), '\t', SUM(id), '\n') FROM log_scores", soci::into(mysql_counts);
  EXPECT_EQ(mysql_counts, "5000\t12502500\n");
  EXPECT_EQ(ch->query("SELECT count(), sum(id) FROM log_scores FORMAT TabSeparated"), mysql_counts);
}

// TV18 under the project's exactly-once decision: the batch is stored, then the marker update
// fails; the next run stores the same batch again. The original appended it to the same Avro
// file and inserted it into ClickHouse again (id 123 twice); here each destination
// holds it once.
TEST(ArchiverVectors, Tv18RetryAfterAFailedMarkerUpdateStoresTheBatchOnce) {
  ArchiverTestEnv env("archiver_tv18");
  REQUIRE_CLICKHOUSE(ch);
  // fileavro first (older modified_on); a failure stops the run, so each destination gets a
  // run of its own whose marker update fails.
  env.set_status("fileavro", std::nullopt, "NOW() - INTERVAL 3 DAY");
  env.set_status("clickhouse", std::nullopt, "NOW() - INTERVAL 2 DAY");
  // TV1's row (id 123) and TV2's (124): with a minimum of 1 a batch needs more than one row.
  auto rows = tv1_to_tv3();
  rows.pop_back();
  env.insert_rows(rows);
  auto extra = kSmallBatches;
  extra["ch_dsn"] = ch->url();
  auto refuse_marker_updates_of = [&](const std::string& condition) {
    env.sql() << "DROP TRIGGER IF EXISTS refuse_marker";
    env.sql() << "CREATE TRIGGER refuse_marker BEFORE UPDATE ON log_scores_archive_status FOR EACH ROW "
                 "IF " + condition + " THEN "
                 "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'marker update refused by the test'; END IF";
  };

  refuse_marker_updates_of("TRUE");
  auto avro_failed = env.run(extra);
  EXPECT_EQ(avro_failed.exit_status, 1) << avro_failed.out << avro_failed.err;
  EXPECT_NE(avro_failed.out.find("Error: error processing fileavro: "), std::string::npos) << avro_failed.out;
  EXPECT_NE(avro_failed.out.find("marker update refused by the test"), std::string::npos) << avro_failed.out;
  EXPECT_EQ(env.marker("fileavro"), std::nullopt);
  EXPECT_TRUE(env.avro_files().empty()) << "a batch whose marker did not move is not published";

  refuse_marker_updates_of("NEW.archiver = 'clickhouse'");
  auto ch_failed = env.run(extra);
  EXPECT_EQ(ch_failed.exit_status, 1) << ch_failed.out << ch_failed.err;
  EXPECT_NE(ch_failed.out.find("Error: error processing clickhouse: "), std::string::npos) << ch_failed.out;
  EXPECT_EQ(env.marker("fileavro"), 124u);  // the retried Avro batch
  EXPECT_EQ(env.marker("clickhouse"), std::nullopt);
  // The insert before the failed update reached ClickHouse (the original's situation in TV18).
  EXPECT_EQ(ch->query("SELECT count() FROM log_scores"), "2\n");

  env.sql() << "DROP TRIGGER refuse_marker";
  auto retried = env.run(extra);
  ASSERT_EQ(retried.exit_status, 0) << retried.out << retried.err;
  EXPECT_NE(retried.err.find("clickhouse already holds rows of this batch"), std::string::npos) << retried.err;
  EXPECT_EQ(env.marker("clickhouse"), 124u);

  ASSERT_EQ(env.avro_files().size(), 1u);
  EXPECT_EQ(env.avro_files()[0].filename(), "1640995200-123.avro");
  auto expected_avro = expected_records(env.rows(), Destination::avro);
  ASSERT_EQ(expected_avro.size(), 2u);
  EXPECT_EQ(read_avro_with_python(env.avro_files()), expected_avro);
  EXPECT_EQ(read_avro_with_avrocat(env.avro_files()), expected_avro);
  EXPECT_EQ(read_clickhouse(*ch), expected_records(env.rows(), Destination::clickhouse));
  EXPECT_EQ(ch->query("SELECT count(), sum(id) FROM log_scores FORMAT TabSeparated"), "2\t247\n");
}

TEST(ArchiverVectors, Tv19AvroIntOverflowAbortsWithoutAFileWhileClickHouseStoresIt) {
  ArchiverTestEnv env("archiver_tv19");
  REQUIRE_CLICKHOUSE(ch);
  // clickhouse's row is older, so it is processed first (§2.2 step 4: ties by modified_on).
  env.set_status("clickhouse", std::nullopt, "NOW() - INTERVAL 3 DAY");
  env.set_status("fileavro", std::nullopt, "NOW() - INTERVAL 2 DAY");
  env.insert_rows({{7, 1, 20, 1640995200, 1, 1, std::nullopt, -1, std::nullopt},
                   {8, 1, 3000000000u, 1640995260, 2, 1, std::nullopt, 5, std::nullopt}});
  auto r = env.run({{"batch_avro_min_size", "1"}, {"batch_ch_min_size", "1"}, {"ch_dsn", ch->url()}});
  EXPECT_EQ(r.exit_status, 1) << r.out << r.err;
  EXPECT_EQ(r.out,
            "Error: error processing fileavro: append: log score id 8: server_id 3000000000 does not fit an Avro int\n");
  EXPECT_TRUE(std::filesystem::is_empty(env.avro_dir())) << "the partial file must be removed";
  EXPECT_EQ(env.marker("fileavro"), std::nullopt);
  EXPECT_EQ(env.marker("clickhouse"), 8u);
  EXPECT_EQ(ch->query("SELECT id, server_id, rtt FROM log_scores ORDER BY id FORMAT TabSeparated"),
            "7\t20\t4294967295\n8\t3000000000\t5\n");
}

}  // namespace
}  // namespace ntpmon::test
