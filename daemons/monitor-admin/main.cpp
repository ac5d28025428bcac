// monitor-admin: the operator's command line for the monitoring system's database.
#include <CLI/CLI.hpp>
#include <soci/soci.h>

#include <iostream>

#include "accounts_commands.h"
#include "ca_commands.h"
#include "monitors_commands.h"
#include "registrations_commands.h"
#include "servers_commands.h"
#include "config/cli.h"
#include "config/config_error.h"
#include "config/loader.h"
#include "db/connect.h"
#include "db/database_config.h"
#include "db_commands.h"
#include "log/default_logger.h"

namespace {

constexpr const char* kProgram = "monitor-admin";

}  // namespace

int main(int argc, char** argv) {
  using namespace ntpmon;
  config::Schema schema;
  db::add_database_settings(schema);

  CLI::App app{"monitor-admin: operator commands for the NTP Pool monitoring system", kProgram};
  app.set_version_flag("--version", std::string(kProgram) + " " NTPMON_VERSION);
  app.require_subcommand(1);
  config::Loader loader(schema);
  loader.add_flags(app);

  auto* db_cmd = app.add_subcommand("db", "database schema");
  db_cmd->require_subcommand(1);
  admin::MigrateCommand migrate_cmd;
  auto* migrate = db_cmd->add_subcommand("migrate", "bring the database to the current schema and install procedures");
  migrate->add_option("--sql-dir", migrate_cmd.sql_dir, "use the SQL files of this directory instead of the built-in ones")
      ->check(CLI::ExistingDirectory);
  migrate->add_flag("--reinstall-procedures", migrate_cmd.reinstall_procedures,
                    "install every procedure file even if unchanged");
  std::optional<std::string> status_sql_dir;
  auto* status = db_cmd->add_subcommand("status", "print the schema revision and what migrate would do");
  status->add_option("--sql-dir", status_sql_dir, "compare with the SQL files of this directory")
      ->check(CLI::ExistingDirectory);

  admin::CaCommands ca_commands(app);  // ca, tickets: files only, no database
  admin::RegistrationsCommands registrations_commands(app);
  admin::MonitorsCommands monitors_commands(app);
  admin::ServersCommands servers_commands(app);
  admin::AccountsCommands accounts_commands(app);

  if (auto rc = config::parse_command_line(app, argc, argv)) return *rc;
  if (auto rc = ca_commands.run(std::cout, std::cerr)) return *rc;

  db::DatabaseConfig database;
  try {
    auto cfg = loader.load();
    database = db::resolve_database_config(cfg);
  } catch (const config::ConfigError& e) {
    return config::report_config_error(e, kProgram);
  }

  auto logger = log::default_logger();
  try {
    auto session = db::open_session(database.dsn);
    if (migrate->parsed()) return admin::run_db_migrate(*session, migrate_cmd, std::cout);
    if (status->parsed()) return admin::run_db_status(*session, status_sql_dir, std::cout);
    if (auto rc = registrations_commands.run(*session, std::cout, std::cerr)) return *rc;
    if (auto rc = monitors_commands.run(*session, std::cout, std::cerr)) return *rc;
    if (auto rc = servers_commands.run(*session, std::cout, std::cerr)) return *rc;
    if (auto rc = accounts_commands.run(*session, std::cout, std::cerr)) return *rc;
  } catch (const std::exception& e) {
    logger.error("command failed", {{"database", database.dsn.redacted()}, {"error", e}});
    return 1;
  }
  return 1;
}
