#pragma once
// Brings a database to the schema revision of a SqlBundle and (re)installs its procedures.
//
//   empty database                     -> run schema.sql, record its revision
//   NTP Pool tables, no 'monitor' row  -> record revision 1 (the NTP Pool baseline)
//   then                               -> apply each migration above the recorded revision,
//                                         recording the revision after each file
//   finally                            -> install each procedure file whose SHA-256 differs
//                                         from the one recorded in schema_procedures
// Concurrent runs are serialised by a named lock. DDL commits implicitly in MySQL, so a
// failing migration stops at the statement that failed and says which one.

#include <chrono>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "migrate/sql_bundle.h"

namespace soci {
class session;
}

namespace ntpmon::migrate {

// The schema_revision.schema_name of this project's tables.
inline constexpr std::string_view kSchemaName = "monitor";

struct MigrateOptions {
  bool reinstall_procedures = false;  // install every procedure file even if unchanged
  std::chrono::seconds lock_timeout{60};
};

struct MigrateReport {
  std::optional<unsigned> revision_before;  // nullopt: no revision was recorded
  unsigned revision_after = 0;
  bool created_from_schema = false;            // the database was empty
  bool adopted_baseline = false;               // an NTP Pool database was recorded at revision 1
  std::vector<std::string> migrations_applied;  // file paths, in order
  std::vector<std::string> procedures_installed;
  std::size_t procedures_unchanged = 0;

  bool changed() const {
    return created_from_schema || adopted_baseline || !migrations_applied.empty() ||
           !procedures_installed.empty();
  }
};

struct SchemaStatus {
  std::optional<unsigned> revision;  // as recorded in the database
  unsigned bundle_revision = 0;      // what this program's files bring it to
  bool has_ntppool_tables = false;
  std::vector<std::string> pending_migrations;
  std::vector<std::string> stale_procedures;  // not installed, or installed from other text
};

class MigrationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using ProgressFn = std::function<void(std::string_view)>;

MigrateReport migrate(soci::session& db, const SqlBundle& bundle, const MigrateOptions& options,
                      const ProgressFn& progress = {});

SchemaStatus schema_status(soci::session& db, const SqlBundle& bundle);

}  // namespace ntpmon::migrate
