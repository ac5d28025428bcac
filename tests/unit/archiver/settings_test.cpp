// Configuration: the original's environment names and defaults (spec/archiver.md §1.2) and its
// validation rules (§1.3), plus the project's TOML file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "config/config_error.h"
#include "config/loader.h"
#include "settings.h"

namespace ntpmon::archiver {
namespace {

ArchiverSettings load(std::map<std::string, std::string> env, const std::optional<std::string>& file = std::nullopt) {
  config::Schema schema;
  add_archiver_settings(schema);
  config::Loader loader(schema);
  return archiver_settings(loader.load_without_flags(file, config::map_environment(std::move(env))));
}

std::string error_of(std::map<std::string, std::string> env) {
  try {
    load(std::move(env));
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ArchiverSettings, DefaultsWithOnlyAvroPath) {
  auto s = load({{"avro_path", "/srv/avro"}});
  EXPECT_EQ(s.valid_tables, (std::vector<std::string>{"log_scores", "log_scores_archive", "log_scores_test"}));
  ASSERT_TRUE(s.fileavro);
  EXPECT_EQ(s.fileavro->directory, "/srv/avro");
  EXPECT_EQ(s.fileavro->limits.min_rows, 500000u);
  EXPECT_EQ(s.fileavro->limits.max_rows, 10000000u);
  EXPECT_EQ(s.fileavro->limits.interval, std::chrono::hours(24));
  EXPECT_EQ(s.fileavro->file.block_records, 50000u);
  EXPECT_EQ(s.fileavro->file.codec, AvroCodec::snappy);
  EXPECT_FALSE(s.clickhouse);
  EXPECT_EQ(s.cleanup.retention_days, 15u);
  EXPECT_EQ(s.cleanup.interval, std::chrono::minutes(4));
  EXPECT_EQ(s.cleanup.max_rows_per_run, 200000u);
  EXPECT_EQ(s.read_chunk_rows, 50000u);
  EXPECT_EQ(s.lock_wait, std::chrono::seconds(0));
  EXPECT_EQ(s.lock_name, "archiver-{table}");
}

TEST(ArchiverSettings, ClickHouseDefaults) {
  auto s = load({{"ch_dsn", "http://127.0.0.1:8123/askntp"}});
  ASSERT_TRUE(s.clickhouse);
  EXPECT_EQ(s.clickhouse->endpoint.database, "askntp");
  EXPECT_EQ(s.clickhouse->limits.min_rows, 50u);
  EXPECT_EQ(s.clickhouse->limits.max_rows, 500000u);
  EXPECT_EQ(s.clickhouse->limits.interval, std::chrono::seconds(0));
  EXPECT_FALSE(s.fileavro);
}

TEST(ArchiverSettings, EveryOriginalVariableHasAnEffect) {
  auto s = load({{"avro_path", "/a"},
                 {"ch_dsn", "http://h/d"},
                 {"app_valid_tables", " log_scores_test , log_scores "},
                 {"retention_days", "30"},
                 {"batch_avro_min_size", "10"},
                 {"batch_avro_max_size", "20"},
                 {"batch_avro_interval", "1h"},
                 {"batch_avro_append_size", "7"},
                 {"batch_ch_min_size", "3"},
                 {"batch_ch_max_size", "4"},
                 {"batch_ch_interval", "5m"},
                 {"cleanup_batch_size", "99"},
                 {"cleanup_default_interval", "30s"},
                 {"cleanup_chunk_size", "11"},
                 {"avro_codec", "deflate"},
                 {"archiver_read_chunk_rows", "1234"},
                 {"archiver_lock_wait", "3s"},
                 {"ch_timeout", "9s"},
                 {"archiver_lock_name", "archiver-{table}-staging"}});
  EXPECT_EQ(s.lock_name, "archiver-{table}-staging");
  EXPECT_EQ(s.valid_tables, (std::vector<std::string>{"log_scores_test", "log_scores"}));
  EXPECT_EQ(s.cleanup.retention_days, 30u);
  EXPECT_EQ(s.fileavro->limits.min_rows, 10u);
  EXPECT_EQ(s.fileavro->limits.max_rows, 20u);
  EXPECT_EQ(s.fileavro->limits.interval, std::chrono::hours(1));
  EXPECT_EQ(s.fileavro->file.block_records, 7u);
  EXPECT_EQ(s.fileavro->file.codec, AvroCodec::deflate);
  EXPECT_EQ(s.clickhouse->limits.min_rows, 3u);
  EXPECT_EQ(s.clickhouse->limits.max_rows, 4u);
  EXPECT_EQ(s.clickhouse->limits.interval, std::chrono::minutes(5));
  EXPECT_EQ(s.clickhouse->timeout, std::chrono::seconds(9));
  EXPECT_EQ(s.cleanup.max_rows_per_run, 99u);
  EXPECT_EQ(s.cleanup.interval, std::chrono::seconds(30));
  EXPECT_EQ(s.cleanup.chunk_rows, 11u);
  EXPECT_EQ(s.read_chunk_rows, 1234u);
  EXPECT_EQ(s.lock_wait, std::chrono::seconds(3));
}

TEST(ArchiverSettings, TomlFile) {
  char path[] = "/tmp/archiver-settings-XXXXXX";
  int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  std::ofstream(path) << "[avro]\npath = \"/from/file\"\nmin_batch = 5\n[cleanup]\nretention_days = 20\n";
  auto s = load({{"retention_days", "25"}}, std::string(path));  // the environment wins over the file
  std::filesystem::remove(path);
  EXPECT_EQ(s.fileavro->directory, "/from/file");
  EXPECT_EQ(s.fileavro->limits.min_rows, 5u);
  EXPECT_EQ(s.cleanup.retention_days, 25u);
}

struct Invalid {
  const char* name;
  std::map<std::string, std::string> env;
  const char* message_part;
};

class ArchiverSettingsInvalid : public testing::TestWithParam<Invalid> {};

TEST_P(ArchiverSettingsInvalid, FailsWithTheOriginalMessage) {
  std::string message = error_of(GetParam().env);
  EXPECT_NE(message.find(GetParam().message_part), std::string::npos) << message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ArchiverSettingsInvalid,
    testing::Values(
        Invalid{"no_storage", {}, "at least one storage backend must be configured"},
        Invalid{"blank_storage", {{"avro_path", "  "}}, "at least one storage backend must be configured"},
        Invalid{"empty_tables", {{"avro_path", "/a"}, {"app_valid_tables", " , "}},
                "valid tables list (app_valid_tables) cannot be empty"},
        Invalid{"unknown_table", {{"avro_path", "/a"}, {"app_valid_tables", "log_scores,invalid_table"}},
                "'invalid_table' is not a table the archiver can read"},
        Invalid{"negative_retention", {{"avro_path", "/a"}, {"retention_days", "-1"}}, "retention days must be positive"},
        Invalid{"ch_min_zero", {{"avro_path", "/a"}, {"batch_ch_min_size", "0"}}, "ClickHouse batch sizes must be positive"},
        Invalid{"avro_max_zero", {{"avro_path", "/a"}, {"batch_avro_max_size", "0"}},
                "File Avro batch sizes must be positive"},
        Invalid{"non_numeric", {{"avro_path", "/a"}, {"retention_days", "many"}}, "retention_days"},
        Invalid{"bad_duration", {{"avro_path", "/a"}, {"batch_avro_interval", "soon"}}, "batch_avro_interval"},
        Invalid{"bad_codec", {{"avro_path", "/a"}, {"avro_codec", "lzma"}}, "avro_codec"},
        Invalid{"native_ch_dsn", {{"ch_dsn", "tcp://10.43.92.221:9000/askntp"}}, "native protocol"},
        Invalid{"long_lock_name", {{"avro_path", "/a"}, {"archiver_lock_name", std::string(60, 'x') + "{table}"}},
                "must have 1 to 64 characters"}),
    [](const testing::TestParamInfo<Invalid>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace ntpmon::archiver
