#pragma once
// monitor-archiver's configuration: TOML file (--config), then environment, then flags. The
// original's environment variable names are kept where it had them (spec/archiver.md §1.2);
// each setting read here changes what the program does.
//
//   TOML key                  env                       default
//   valid_tables              app_valid_tables          log_scores,log_scores_archive,log_scores_test
//   read_chunk_rows           archiver_read_chunk_rows  50000   rows per MySQL read
//   lock_wait                 archiver_lock_wait        0s      wait for another run's lock
//   lock_name                 archiver_lock_name        archiver-{table}  GET_LOCK name (server-wide)
//   avro.path                 avro_path                 (none)  directory of the Avro files
//   avro.codec                avro_codec                snappy  null | deflate | snappy (deflate is
//                                                               avro-c at level 9: ~75,000 rows/s)
//   avro.min_batch            batch_avro_min_size       500000
//   avro.max_batch            batch_avro_max_size       10000000
//   avro.interval             batch_avro_interval       24h
//   avro.block_records        batch_avro_append_size    50000   a block holds this + 1 records
//   clickhouse.dsn            ch_dsn                    (none)  http://[user[:pw]@]host[:port][/db]
//   clickhouse.timeout        ch_timeout                5m      per HTTP request
//   clickhouse.min_batch      batch_ch_min_size         50
//   clickhouse.max_batch      batch_ch_max_size         500000
//   clickhouse.interval       batch_ch_interval         0s
//   cleanup.retention_days    retention_days            15
//   cleanup.interval          cleanup_default_interval  4m
//   cleanup.max_rows          cleanup_batch_size        200000  rows deleted per run at most
//   cleanup.chunk_rows        cleanup_chunk_size        10000   rows per DELETE statement
//   database.dsn / .config    DATABASE_DSN / DATABASE_CONFIG (lib/db)
//
// The original's BigQuery/GCS settings and its parsed-but-unused knobs
// (cleanup_reduced_interval, cleanup_fake_interval, retention_days_default, app_version,
// app_default_table) are not read.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "clickhouse_backend.h"
#include "cleanup.h"
#include "config/config.h"
#include "config/schema.h"
#include "db/database_config.h"
#include "fileavro_backend.h"

namespace ntpmon::archiver {

struct ArchiverSettings {
  std::vector<std::string> valid_tables;
  std::uint32_t read_chunk_rows = 50000;
  std::chrono::seconds lock_wait{0};
  std::string lock_name = "archiver-{table}";  // {table} is replaced
  // Present when avro_path is set.
  std::optional<FileAvroSettings> fileavro;
  // Present when ch_dsn is set.
  std::optional<ClickHouseSettings> clickhouse;
  CleanupSettings cleanup;
};

void add_archiver_settings(config::Schema& schema);

// Validates as the original did (§1.3, in its order, first failure wins): a storage backend
// configured, the table list not empty and known, sizes positive. Throws config::ConfigError.
ArchiverSettings archiver_settings(const config::Config& config);

}  // namespace ntpmon::archiver
