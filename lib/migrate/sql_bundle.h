#pragma once
// The SQL files `monitor-admin db migrate` applies: sql/schema.sql, sql/migrations/NNNN_*.sql and
// sql/procedures/*.sql. They are compiled into the binary (so a deployed program needs no
// source tree) and can also be read from a directory with the same layout (--sql-dir).

#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ntpmon::migrate {

// Revision 1 is the NTP Pool database as it is; migrations start at revision 2.
inline constexpr unsigned kBaselineRevision = 1;

struct SqlFile {
  std::string path;  // relative to the sql/ directory, e.g. "migrations/0002_x.sql"
  std::string text;
};

struct Migration {
  unsigned revision;  // the revision this file brings the database to
  SqlFile file;
};

struct SqlBundle {
  SqlFile schema;
  unsigned schema_revision = 0;       // from schema.sql's "-- schema_revision: N" line
  std::vector<Migration> migrations;  // ascending, contiguous from 2 to schema_revision
  std::vector<SqlFile> procedures;    // by file name
};

class BundleError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Validates and orders the files (throws BundleError naming the file at fault): schema.sql must
// declare its revision, migration numbers must run from 2 to that revision without gaps.
SqlBundle make_sql_bundle(std::vector<SqlFile> files);

// The files compiled into the binary at build time.
std::span<const SqlFile> embedded_sql_files();
SqlBundle embedded_sql_bundle();

// The same files from a directory laid out like sql/.
SqlBundle load_sql_dir(const std::filesystem::path& dir);

}  // namespace ntpmon::migrate
