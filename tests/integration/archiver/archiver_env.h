#pragma once
// What the archiver's integration tests share: a fresh database with servers and monitors to
// reference, a temp directory for the Avro files, fixture rows, running the program, and
// reading back what it archived with independent readers (python3-avro, avrocat, avro-c,
// ClickHouse itself). SQL text here is test fixture and check code.

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "clickhouse_server.h"
#include "subprocess.h"
#include "test_database.h"

namespace soci {
class session;
}

namespace ntpmon::test {

// A row of log_scores (or another source table) as stored.
struct SourceRow {
  std::uint64_t id = 0;
  std::optional<std::uint32_t> monitor_id;
  std::uint32_t server_id = 0;
  std::int64_t ts = 0;  // Unix seconds
  double score = 0;
  double step = 0;
  std::optional<double> offset;
  std::optional<std::int32_t> rtt;
  std::optional<std::string> attributes;
};

// A record as a reader decoded it from an archive.
struct ArchivedRow {
  std::uint64_t id = 0;
  std::uint32_t server_id = 0;
  std::uint32_t monitor_id = 0;
  std::int64_t ts_micros = 0;
  double score = 0;
  double step = 0;
  std::optional<double> offset;
  std::optional<std::int64_t> rtt;
  std::optional<int> leap;
  std::optional<std::string> error;
  bool operator==(const ArchivedRow&) const = default;
};

enum class Destination { avro, clickhouse };

// What a destination must hold for a source row (spec §2.4, §3.1, §3.2): monitor_id NULL as 0,
// ts in microseconds, score and step rounded to float32, offset a float32 in Avro and a
// Float64 in ClickHouse, rtt wrapped to UInt32 in ClickHouse, leap and error decoded from the
// attributes by a table of the fixtures' attribute texts (independent of the program's
// decoder), 0 and "" as null.
ArchivedRow expected_record(const SourceRow& row, Destination destination);
std::vector<ArchivedRow> expected_records(const std::vector<SourceRow>& rows, Destination destination);

class ArchiverTestEnv {
 public:
  explicit ArchiverTestEnv(std::string_view label);
  ~ArchiverTestEnv();

  soci::session& sql() { return db_.session(); }
  TestDatabase& db() { return db_; }
  const std::filesystem::path& avro_dir() const { return avro_dir_; }

  void insert_rows(const std::vector<SourceRow>& rows, const std::string& table = "log_scores");
  // Rows first..last with varied values (NULLs, attributes of every kind), ts starting at
  // `first_ts` and 10 s apart. Fast (one INSERT ... SELECT).
  void insert_generated_rows(std::uint64_t first, std::uint64_t last, std::int64_t first_ts,
                             const std::string& table = "log_scores");
  std::vector<SourceRow> rows(const std::string& table = "log_scores");
  std::uint64_t row_count(const std::string& table = "log_scores");

  // Inserts or replaces a status row; `modified` is an SQL expression.
  void set_status(const std::string& archiver, std::optional<std::uint64_t> marker,
                  const std::string& modified = "NOW() - INTERVAL 2 DAY");
  std::optional<std::uint64_t> marker(const std::string& archiver);
  std::int64_t modified_unix(const std::string& archiver);

  // DATABASE_DSN and avro_path, plus `extra` (which wins).
  std::map<std::string, std::string> env(const std::map<std::string, std::string>& extra = {}) const;
  ProcessResult run(const std::map<std::string, std::string>& extra = {},
                    const std::vector<std::string>& args = {"archive"}) const;

  // Final .avro files of the directory, sorted by name.
  std::vector<std::filesystem::path> avro_files() const;

 private:
  TestDatabase db_;
  std::filesystem::path avro_dir_;
};

// ---- readers ----
// The record count of each block of an Avro container file (read from the framing by this
// test code, not by the program's reader).
std::vector<std::uint64_t> read_avro_framing_blocks(const std::filesystem::path& file);
std::vector<ArchivedRow> read_avro_with_avro_c(const std::vector<std::filesystem::path>& files);
// python3-avro through read_avro.py; `ts_types` receives the Python type name of each ts.
std::vector<ArchivedRow> read_avro_with_python(const std::vector<std::filesystem::path>& files,
                                               std::vector<std::string>* ts_types = nullptr);
std::vector<ArchivedRow> read_avro_with_avrocat(const std::vector<std::filesystem::path>& files);
// The clickhouse table; `final`: SELECT ... FINAL (merged view of the ReplacingMergeTree).
std::vector<ArchivedRow> read_clickhouse(const ClickHouseServer& ch, bool final = false);

// A program started without waiting (for kill tests and concurrent runs).
class Child {
 public:
  Child(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  void kill(int signal);
  // False once the program has exited (does not block).
  bool running();
  // Waits; returns the exit status, or -signal when killed. Output goes to `output()`.
  int wait();
  std::string output() const;

 private:
  pid_t pid_ = -1;
  int status_ = 0;
  bool waited_ = false;
  std::filesystem::path log_;
};

}  // namespace ntpmon::test
