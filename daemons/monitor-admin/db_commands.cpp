#include "db_commands.h"

#include <ostream>

#include "migrate/migrator.h"
#include "migrate/sql_bundle.h"

namespace ntpmon::admin {
namespace {

migrate::SqlBundle bundle_for(const std::optional<std::string>& sql_dir) {
  return sql_dir ? migrate::load_sql_dir(*sql_dir) : migrate::embedded_sql_bundle();
}

}  // namespace

int run_db_migrate(soci::session& db, const MigrateCommand& cmd, std::ostream& out) {
  auto bundle = bundle_for(cmd.sql_dir);
  migrate::MigrateOptions options;
  options.reinstall_procedures = cmd.reinstall_procedures;
  auto report = migrate::migrate(db, bundle, options, [&](std::string_view line) { out << line << '\n'; });
  if (!report.changed()) {
    out << "schema is up to date at revision " << report.revision_after << " (" << report.procedures_unchanged
        << " procedure files unchanged); nothing changed\n";
    return 0;
  }
  out << "schema at revision " << report.revision_after;
  if (report.revision_before) out << " (was " << *report.revision_before << ")";
  out << "; " << report.migrations_applied.size() << " migrations applied, " << report.procedures_installed.size()
      << " procedure files installed, " << report.procedures_unchanged << " unchanged\n";
  return 0;
}

int run_db_status(soci::session& db, const std::optional<std::string>& sql_dir, std::ostream& out) {
  auto bundle = bundle_for(sql_dir);
  auto status = migrate::schema_status(db, bundle);
  if (status.revision) {
    out << "revision: " << *status.revision << "\n";
  } else if (status.has_ntppool_tables) {
    out << "revision: none recorded (NTP Pool tables present: migrate will adopt them as revision 1)\n";
  } else {
    out << "revision: none (empty database)\n";
  }
  out << "program revision: " << status.bundle_revision << "\n";
  out << "pending migrations: " << status.pending_migrations.size() << "\n";
  for (const auto& m : status.pending_migrations) out << "  " << m << "\n";
  out << "procedure files to install: " << status.stale_procedures.size() << "\n";
  for (const auto& p : status.stale_procedures) out << "  " << p << "\n";
  bool current = status.revision == status.bundle_revision && status.stale_procedures.empty();
  out << (current ? "status: up to date\n" : "status: run `monitor-admin db migrate`\n");
  return 0;
}

}  // namespace ntpmon::admin
