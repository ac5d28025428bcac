#include "settings.h"

#include <algorithm>
#include <cctype>
#include <limits>

#include "config/config_error.h"
#include "run_lock.h"
#include "source_table.h"

namespace ntpmon::archiver {

namespace {

using config::Setting;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::int64_t kMaxRows = std::numeric_limits<std::uint32_t>::max();

std::string where(const config::Config& c, std::string_view name) {
  return std::string(name) + " (" + config::describe(c.origin(name)) + ")";
}

// The original splits the list on commas and trims each element.
std::vector<std::string> split_tables(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t comma = text.find(',', pos);
    if (comma == std::string::npos) comma = text.size();
    std::string item = text.substr(pos, comma - pos);
    auto not_space = [](unsigned char ch) { return !std::isspace(ch); };
    item.erase(item.begin(), std::find_if(item.begin(), item.end(), not_space));
    item.erase(std::find_if(item.rbegin(), item.rend(), not_space).base(), item.end());
    if (!item.empty()) out.push_back(item);
    pos = comma + 1;
  }
  return out;
}

std::string trimmed(const std::string& text) {
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

seconds whole_seconds(std::chrono::nanoseconds d) { return std::chrono::duration_cast<seconds>(d); }

BatchLimits batch_limits(const config::Config& c, const char* min_name, const char* max_name,
                         const char* interval_name, const char* message) {
  std::int64_t min = c.integer(min_name);
  std::int64_t max = c.integer(max_name);
  if (min <= 0 || max <= 0) throw config::ConfigError(std::string(message) + ": " + where(c, min <= 0 ? min_name : max_name));
  if (max > kMaxRows) {
    throw config::ConfigError(where(c, max_name) + ": at most " + std::to_string(kMaxRows) + " rows per batch");
  }
  auto interval = c.duration(interval_name);
  if (interval.count() < 0) throw config::ConfigError(where(c, interval_name) + ": must not be negative");
  return BatchLimits{static_cast<std::uint64_t>(min), static_cast<std::uint64_t>(max), whole_seconds(interval)};
}

}  // namespace

void add_archiver_settings(config::Schema& schema) {
  schema.add(Setting::string("valid_tables", "log_scores,log_scores_archive,log_scores_test")
                 .env("app_valid_tables")
                 .help("tables `archive -t` may read (comma-separated)"));
  schema.add(Setting::integer("read_chunk_rows", 50000)
                 .env("archiver_read_chunk_rows")
                 .range(1, kMaxRows)
                 .help("rows per MySQL read; a batch is read in chunks of this size"));
  schema.add(Setting::duration("lock_wait", seconds(0))
                 .env("archiver_lock_wait")
                 .help("how long to wait for another run's lock on the table (0: exit at once)"));

  schema.add(Setting::string("lock_name", "archiver-{table}")
                 .env("archiver_lock_name")
                 .help("GET_LOCK name of a run, {table} replaced; MySQL locks are server-wide, so the "
                       "default excludes every archiver of that table on the server, the original too"));

  schema.add(Setting::string("avro.path").env("avro_path").help("existing directory for the Avro files (fileavro)"));
  schema.add(Setting::string("avro.codec", "snappy")
                 .env("avro_codec")
                 .choices({"null", "deflate", "snappy"})
                 .help("compression of the Avro blocks"));
  schema.add(Setting::integer("avro.min_batch", 500000).env("batch_avro_min_size").help("fileavro: archive only when more rows than this are pending"));
  schema.add(Setting::integer("avro.max_batch", 10000000).env("batch_avro_max_size").help("fileavro: rows per file at most"));
  schema.add(Setting::duration("avro.interval", hours(24)).env("batch_avro_interval").help("fileavro: at most one run per interval"));
  schema.add(Setting::integer("avro.block_records", 50000)
                 .env("batch_avro_append_size")
                 .range(1, 10000000)
                 .help("an Avro block is written once it holds more records than this"));

  schema.add(Setting::string("clickhouse.dsn")
                 .env("ch_dsn")
                 .secret()
                 .help("ClickHouse HTTP interface: http://[user[:password]@]host[:port][/database]"));
  schema.add(Setting::duration("clickhouse.timeout", minutes(5)).env("ch_timeout").help("ClickHouse: time limit of one HTTP request"));
  schema.add(Setting::integer("clickhouse.min_batch", 50).env("batch_ch_min_size").help("clickhouse: archive only when more rows than this are pending"));
  schema.add(Setting::integer("clickhouse.max_batch", 500000).env("batch_ch_max_size").help("clickhouse: rows per insert at most"));
  schema.add(Setting::duration("clickhouse.interval", seconds(0)).env("batch_ch_interval").help("clickhouse: at most one run per interval"));

  schema.add(Setting::integer("cleanup.retention_days", 15)
                 .env("retention_days")
                 .help("cleanup deletes archived rows older than this many days"));
  schema.add(Setting::duration("cleanup.interval", minutes(4)).env("cleanup_default_interval").help("cleanup runs at most once per interval"));
  schema.add(Setting::integer("cleanup.max_rows", 200000).env("cleanup_batch_size").range(1, std::nullopt).help("rows cleanup deletes per run at most"));
  schema.add(Setting::integer("cleanup.chunk_rows", 10000)
                 .env("cleanup_chunk_size")
                 .range(1, kMaxRows)
                 .help("rows one DELETE statement removes at most (each chunk is its own transaction)"));
}

ArchiverSettings archiver_settings(const config::Config& c) {
  ArchiverSettings s;
  auto avro_path = c.optional_string("avro.path");
  auto ch_dsn = c.optional_string("clickhouse.dsn");
  if (avro_path && trimmed(*avro_path).empty()) avro_path.reset();
  if (ch_dsn && trimmed(*ch_dsn).empty()) ch_dsn.reset();
  // §1.3 rule 1 (GCS and BigQuery are not supported here).
  if (!avro_path && !ch_dsn) {
    throw config::ConfigError("at least one storage backend must be configured (ch_dsn or avro_path)");
  }
  // §1.3 rule 3.
  s.valid_tables = split_tables(c.string("valid_tables"));
  if (s.valid_tables.empty()) throw config::ConfigError("valid tables list (app_valid_tables) cannot be empty");
  for (const auto& t : s.valid_tables) {
    if (!parse_source_table(t)) {
      throw config::ConfigError(where(c, "valid_tables") + ": '" + t +
                                "' is not a table the archiver can read (log_scores, log_scores_archive, log_scores_test)");
    }
  }
  // §1.3 rule 4.
  std::int64_t retention = c.integer("cleanup.retention_days");
  if (retention <= 0) throw config::ConfigError("retention days must be positive: " + where(c, "cleanup.retention_days"));
  if (retention > 1000000) throw config::ConfigError(where(c, "cleanup.retention_days") + ": too large");
  // §1.3 rules 6 and 7.
  BatchLimits ch_limits = batch_limits(c, "clickhouse.min_batch", "clickhouse.max_batch", "clickhouse.interval",
                                       "ClickHouse batch sizes must be positive");
  BatchLimits avro_limits = batch_limits(c, "avro.min_batch", "avro.max_batch", "avro.interval",
                                         "File Avro batch sizes must be positive");

  s.read_chunk_rows = static_cast<std::uint32_t>(c.integer("read_chunk_rows"));
  auto lock_wait = c.duration("lock_wait");
  if (lock_wait.count() < 0) throw config::ConfigError(where(c, "lock_wait") + ": must not be negative");
  s.lock_wait = whole_seconds(lock_wait);
  s.lock_name = c.string("lock_name");
  try {
    run_lock_name("log_scores_archive", s.lock_name);  // the longest table name
  } catch (const std::invalid_argument& e) {
    throw config::ConfigError(where(c, "lock_name") + ": " + e.what());
  }

  if (avro_path) {
    FileAvroSettings f;
    f.directory = *avro_path;
    f.file.codec = *parse_avro_codec(c.string("avro.codec"));
    f.file.block_records = static_cast<std::size_t>(c.integer("avro.block_records"));
    f.limits = avro_limits;
    s.fileavro = std::move(f);
  }
  if (ch_dsn) {
    ClickHouseSettings ch;
    try {
      ch.endpoint = parse_clickhouse_url(trimmed(*ch_dsn));
    } catch (const std::invalid_argument& e) {
      throw config::ConfigError(std::string(e.what()) + " (" + config::describe(c.origin("clickhouse.dsn")) + ")");
    }
    auto timeout = whole_seconds(c.duration("clickhouse.timeout"));
    if (timeout.count() <= 0) throw config::ConfigError(where(c, "clickhouse.timeout") + ": must be at least 1s");
    ch.timeout = timeout;
    ch.limits = ch_limits;
    s.clickhouse = std::move(ch);
  }

  s.cleanup.retention_days = static_cast<std::uint32_t>(retention);
  auto cleanup_interval = c.duration("cleanup.interval");
  if (cleanup_interval.count() < 0) throw config::ConfigError(where(c, "cleanup.interval") + ": must not be negative");
  s.cleanup.interval = whole_seconds(cleanup_interval);
  s.cleanup.max_rows_per_run = static_cast<std::uint64_t>(c.integer("cleanup.max_rows"));
  s.cleanup.chunk_rows = static_cast<std::uint32_t>(c.integer("cleanup.chunk_rows"));
  return s;
}

}  // namespace ntpmon::archiver
