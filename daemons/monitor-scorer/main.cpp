// monitor-scorer: keeps the `every` and `recentmedian` scores of the NTP servers
// (spec/scorer.md §4-§8).
//
//   monitor-scorer [--config FILE] [settings...] setup [--start-after-id N]
//   monitor-scorer [--config FILE] [settings...] run
//   monitor-scorer [--config FILE] [settings...] server
//   monitor-scorer [--config FILE] [settings...] status
//
// The database comes from DATABASE_DSN, else database.yaml (--database-config). Exit status:
// 0 done, 1 a command or a scorer failed, 2 usage or configuration error.
#include <CLI/CLI.hpp>
#include <soci/soci.h>

#include <iostream>

#include "cli.h"
#include "config/cli.h"
#include "config/config_error.h"
#include "config/loader.h"
#include "db/connect.h"
#include "db/database_config.h"
#include "log/default_logger.h"
#include "log/sink.h"

int main(int argc, char** argv) {
  using namespace ntpmon;
  config::Schema schema;
  db::add_database_settings(schema);
  scorer::add_scorer_settings(schema);

  CLI::App app{"monitor-scorer: computes the every and recentmedian scores of the NTP servers", scorer::kProgram};
  app.set_version_flag("--version", std::string(scorer::kProgram) + " " NTPMON_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  config::Loader loader(schema);
  loader.add_flags(app);
  scorer::Commands commands;
  commands.add_to(app);
  if (auto rc = config::parse_command_line(app, argc, argv)) return *rc;

  config::Config cfg;
  db::DatabaseConfig database;
  try {
    cfg = loader.load();
    database = db::resolve_database_config(cfg);
  } catch (const config::ConfigError& e) {
    return config::report_config_error(e, scorer::kProgram);
  }
  const log::Logger logger(log::stderr_sink(), log::parse_level(cfg.string("log.level")).value_or(log::Level::info));
  log::set_default_logger(logger);
  return commands.run(cfg, database, logger, std::cout);
}
