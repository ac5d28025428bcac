#include "migrate/migrator.h"

#include <openssl/evp.h>
#include <soci/mysql/soci-mysql.h>
#include <soci/soci.h>

#include <map>

#include "db/raw.h"
#include "db/transient.h"
#include "migrate/sql_script.h"
#include "sql/admin.h"

namespace ntpmon::migrate {
namespace {

constexpr unsigned kErNoSuchTable = 1146;

bool is_missing_table(const std::exception& e) { return db::mysql_error_code(e) == kErNoSuchTable; }

std::string sha256_hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &len, EVP_sha256(), nullptr) != 1) {
    throw MigrationError("SHA-256 failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xf];
  }
  return out;
}

void say(const ProgressFn& progress, const std::string& line) {
  if (progress) progress(line);
}

// Runs every statement of a file; names the file, line and server error of the one that fails.
void run_script(soci::session& db, const SqlFile& file) {
  std::vector<ScriptStatement> statements;
  try {
    statements = split_sql_script(file.text, file.path);
  } catch (const ScriptError& e) {
    throw MigrationError(e.what());
  }
  for (const auto& st : statements) {
    try {
      db::execute_raw(db, st.text);
    } catch (const std::exception& e) {
      throw MigrationError(file.path + ":" + std::to_string(st.line) + ": " + e.what());
    }
  }
}

std::optional<unsigned> recorded_revision(soci::session& db, bool& table_exists) {
  try {
    auto row = sql::GetSchemaRevision(db, std::string(kSchemaName));
    table_exists = true;
    if (!row) return std::nullopt;
    return row->revision;
  } catch (const soci::mysql_soci_error& e) {
    if (!is_missing_table(e)) throw;
    table_exists = false;
    return std::nullopt;
  }
}

bool has_ntppool_tables(soci::session& db) {
  try {
    sql::CountMonitors(db);
    return true;
  } catch (const soci::mysql_soci_error& e) {
    if (!is_missing_table(e)) throw;
    return false;
  }
}

// file -> checksum, for the procedure files installed so far (none before revision 2).
std::map<std::string, std::string> installed_procedures(soci::session& db) {
  std::map<std::string, std::string> out;
  try {
    for (auto& row : sql::ListInstalledProcedureFiles(db)) out.emplace(row.file, row.checksum);
  } catch (const soci::mysql_soci_error& e) {
    if (!is_missing_table(e)) throw;
  }
  return out;
}

std::vector<const SqlFile*> stale_procedures(soci::session& db, const SqlBundle& bundle) {
  auto installed = installed_procedures(db);
  std::vector<const SqlFile*> stale;
  for (const auto& f : bundle.procedures) {
    auto it = installed.find(f.path);
    if (it == installed.end() || it->second != sha256_hex(f.text)) stale.push_back(&f);
  }
  return stale;
}

class MigrationLock {
 public:
  MigrationLock(soci::session& db, std::chrono::seconds timeout) : db_(db) {
    auto row = sql::AcquireMigrationLock(db_, static_cast<uint32_t>(timeout.count()));
    if (!row || !row->acquired || *row->acquired != 1) {
      throw MigrationError("another migration of this database holds the lock 'ntpmon.schema-migrate.<database>' (waited " +
                           std::to_string(timeout.count()) + " s)");
    }
  }
  ~MigrationLock() {
    try {
      sql::ReleaseMigrationLock(db_);
    } catch (...) {
      // The lock also ends with the connection; nothing else to do in a destructor.
    }
  }
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

 private:
  soci::session& db_;
};

}  // namespace

MigrateReport migrate(soci::session& db, const SqlBundle& bundle, const MigrateOptions& options,
                      const ProgressFn& progress) {
  MigrationLock lock(db, options.lock_timeout);
  MigrateReport report;
  bool revision_table = false;
  report.revision_before = recorded_revision(db, revision_table);
  unsigned revision = report.revision_before.value_or(0);

  if (!report.revision_before) {
    if (has_ntppool_tables(db)) {
      if (!revision_table) {
        throw MigrationError(
            "the database has NTP Pool tables but no schema_revision table; create it as in "
            "sql/schema.sql, then run migrate again");
      }
      sql::SetSchemaRevision(db, std::string(kSchemaName), static_cast<uint16_t>(kBaselineRevision));
      revision = kBaselineRevision;
      report.adopted_baseline = true;
      say(progress, "existing NTP Pool tables found: recorded revision 1 (the baseline)");
    } else {
      say(progress, "empty database: creating the schema from " + bundle.schema.path);
      run_script(db, bundle.schema);
      revision = bundle.schema_revision;
      sql::SetSchemaRevision(db, std::string(kSchemaName), static_cast<uint16_t>(revision));
      report.created_from_schema = true;
    }
  }
  if (revision > bundle.schema_revision) {
    throw MigrationError("the database is at revision " + std::to_string(revision) +
                         ", newer than this program's " + std::to_string(bundle.schema_revision) +
                         "; use a newer monitor-admin");
  }
  for (const auto& m : bundle.migrations) {
    if (m.revision <= revision) continue;
    say(progress, "applying " + m.file.path);
    run_script(db, m.file);
    sql::SetSchemaRevision(db, std::string(kSchemaName), static_cast<uint16_t>(m.revision));
    revision = m.revision;
    report.migrations_applied.push_back(m.file.path);
  }
  report.revision_after = revision;

  auto stale = stale_procedures(db, bundle);
  for (const auto& f : bundle.procedures) {
    bool is_stale = std::find(stale.begin(), stale.end(), &f) != stale.end();
    if (!is_stale && !options.reinstall_procedures) {
      ++report.procedures_unchanged;
      continue;
    }
    say(progress, "installing " + f.path);
    run_script(db, f);
    sql::RecordProcedureFile(db, f.path, sha256_hex(f.text));
    report.procedures_installed.push_back(f.path);
  }
  return report;
}

SchemaStatus schema_status(soci::session& db, const SqlBundle& bundle) {
  SchemaStatus status;
  bool revision_table = false;
  status.revision = recorded_revision(db, revision_table);
  status.bundle_revision = bundle.schema_revision;
  status.has_ntppool_tables = has_ntppool_tables(db);
  unsigned revision = status.revision.value_or(status.has_ntppool_tables ? kBaselineRevision : 0);
  for (const auto& m : bundle.migrations) {
    if (m.revision > revision) status.pending_migrations.push_back(m.file.path);
  }
  for (const auto* f : stale_procedures(db, bundle)) status.stale_procedures.push_back(f->path);
  return status;
}

}  // namespace ntpmon::migrate
