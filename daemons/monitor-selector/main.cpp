// monitor-selector: decides which monitors watch which NTP server (spec/selector.md).
//
//   monitor-selector [--config FILE] [settings...] once <server_id>
//   monitor-selector [--config FILE] [settings...] simulate <server_id>
//   monitor-selector [--config FILE] [settings...] run
//   monitor-selector [--config FILE] [settings...] server
//
// The database comes from DATABASE_DSN, else database.yaml (--database-config). Exit status:
// 0 done, 1 the pass or batch failed, 2 usage or configuration error.
#include <CLI/CLI.hpp>
#include <soci/soci.h>

#include <iostream>

#include "batch.h"
#include "config/cli.h"
#include "config/config_error.h"
#include "config/loader.h"
#include "db/connect.h"
#include "db/database_config.h"
#include "log/default_logger.h"
#include "log/sink.h"
#include "pass_runner.h"
#include "runtime/shutdown_signal.h"
#include "server_mode.h"

namespace {

constexpr const char* kProgram = "monitor-selector";

void add_selector_settings(ntpmon::config::Schema& schema) {
  using ntpmon::config::Setting;
  schema.add(Setting::string("admin.listen", "127.0.0.1:9103")
                 .env("SELECTOR_ADMIN_LISTEN")
                 .help("server: address of the /metrics and /__health endpoints"));
  schema.add(Setting::string("log.level", "info")
                 .env("LOG_LEVEL")
                 .choices({"debug", "info", "warn", "error"})
                 .help("lowest level of the log lines on stderr"));
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ntpmon;
  config::Schema schema;
  db::add_database_settings(schema);
  add_selector_settings(schema);

  CLI::App app{"monitor-selector: reviews the monitors of each NTP server (candidate -> testing -> active)",
               kProgram};
  app.set_version_flag("--version", std::string(kProgram) + " " NTPMON_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  config::Loader loader(schema);
  loader.add_flags(app);

  std::uint32_t server_id = 0;
  auto* once = app.add_subcommand("once", "one pass for one server now (ignores next_review), applied");
  once->add_option("server_id", server_id, "servers.id")->required();
  auto* simulate = app.add_subcommand("simulate", "the same pass for one server, printed and not written");
  simulate->add_option("server_id", server_id, "servers.id")->required();
  auto* run = app.add_subcommand("run", "one batch of up to 10 servers whose review is due");
  auto* server = app.add_subcommand("server", "review due servers continuously; /metrics on admin.listen");

  if (auto rc = config::parse_command_line(app, argc, argv)) return *rc;

  db::DatabaseConfig database;
  config::Config cfg;
  try {
    cfg = loader.load();
    database = db::resolve_database_config(cfg);
  } catch (const config::ConfigError& e) {
    return config::report_config_error(e, kProgram);
  }
  const log::Logger logger(log::stderr_sink(), log::parse_level(cfg.string("log.level")).value_or(log::Level::info));
  log::set_default_logger(logger);

  std::unique_ptr<runtime::ShutdownSignal> shutdown;
  try {
    if (server->parsed()) shutdown = runtime::ShutdownSignal::install_process_handler();
    auto session = db::open_session(database.dsn);
    if (once->parsed()) {
      const auto outcome = selector::run_once(*session, server_id, selector::current_time(), logger, nullptr);
      selector::print_plan(std::cout, outcome.applied->plan, &*outcome.applied);
      return 0;
    }
    if (simulate->parsed()) {
      const auto plan = selector::run_simulate(*session, server_id, selector::current_time());
      for (const auto& f : plan.findings) {
        logger.warn("bad data", {{"server_id", server_id}, {"monitor_id", f.monitor_id},
                                 {"account_id", f.account_id}, {"problem", f.problem}});
      }
      selector::print_plan(std::cout, plan, nullptr);
      return 0;
    }
    if (run->parsed()) {
      const auto batch = selector::run_batch(*session, selector::current_time, logger, nullptr);
      std::cout << "servers: " << batch.servers << ", changed: " << batch.changed << ", failed: " << batch.failed
                << ", skipped: " << batch.skipped << "\n";
      return batch.failed > 0 ? 1 : 0;
    }
    if (server->parsed()) {
      logger.info("starting", {{"database", database.dsn.redacted()}, {"origin", database.origin}});
      return selector::run_server_mode(*session, {cfg.string("admin.listen")}, logger, *shutdown);
    }
  } catch (const std::exception& e) {
    std::string cause = e.what();
    try {
      std::rethrow_if_nested(e);
    } catch (const std::exception& inner) {
      cause = inner.what();
    } catch (...) {
    }
    logger.error("command failed", {{"server_id", server_id}, {"database", database.dsn.redacted()},
                                    {"error", cause}});
    return 1;
  }
  return 1;
}
