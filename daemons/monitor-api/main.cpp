// monitor-api: the HTTPS server agents talk to (spec/api.md "Project decisions"): the Connect
// RPCs GetConfig, GetServers and SubmitResults over mTLS, and the API-key endpoints for
// registration, status/config and certificates, on one port.
//
//   monitor-api server [--config FILE] [--listen HOST:PORT] [settings...]
//
// The database comes from DATABASE_DSN, else database.yaml (--database-config). Runs until
// SIGTERM/SIGINT; a changed server certificate or ticket key file is picked up within seconds.
// Exit status: 0 after a signal, 1 runtime error (CA or certificate missing, database
// unreachable at start, address in use), 2 usage or configuration error.
#include <CLI/CLI.hpp>

#include <optional>

#include "api_server.h"
#include "config/cli.h"
#include "config/config_error.h"
#include "config/loader.h"
#include "db/database_config.h"
#include "log/default_logger.h"
#include "log/sink.h"
#include "metrics/admin_server.h"
#include "metrics/registry.h"
#include "runtime/shutdown_signal.h"
#include "settings.h"

namespace {

constexpr const char* kProgram = "monitor-api";
constexpr std::chrono::seconds kFileCheckInterval{5};

}  // namespace

int main(int argc, char** argv) {
  using namespace ntpmon;
  config::Schema schema;
  db::add_database_settings(schema);
  monitor_api::add_api_settings(schema);

  CLI::App app{"monitor-api: the HTTPS API of the NTP Pool monitoring agents", kProgram};
  app.set_version_flag("--version", std::string(kProgram) + " " NTPMON_VERSION);
  app.require_subcommand(1);
  config::Loader loader(schema);
  loader.add_flags(app);
  // Settings may follow the subcommand too (`monitor-api server --listen :8443`).
  app.add_subcommand("server", "serve the agent API until SIGTERM/SIGINT")->fallthrough();
  if (auto rc = config::parse_command_line(app, argc, argv)) return *rc;

  monitor_api::ApiSettings settings;
  db::DatabaseConfig database;
  try {
    auto cfg = loader.load();
    database = db::resolve_database_config(cfg);
    settings = monitor_api::read_api_settings(cfg);
  } catch (const config::ConfigError& e) {
    return config::report_config_error(e, kProgram);
  }
  const log::Logger logger(log::stderr_sink(), log::parse_level(settings.log_level).value_or(log::Level::info));
  log::set_default_logger(logger);

  try {
    // Before any thread starts, so that every thread inherits the blocked signals.
    auto shutdown = runtime::ShutdownSignal::install_process_handler();
    metrics::Registry registry;
    monitor_api::ApiServer server(settings, database.dsn, logger, registry);
    std::optional<metrics::AdminServer> admin;
    if (!settings.admin_listen.empty()) {
      admin.emplace(settings.admin_listen, registry, [&server] {
        std::string problem;
        if (server.database_ok(&problem)) return metrics::HealthStatus::ok();
        return metrics::HealthStatus::unhealthy("database: " + problem);
      }, logger);
    }
    logger.info("listening", {{"address", server.address()},
                              {"public_url", server.public_url()},
                              {"database", database.dsn.redacted()},
                              {"origin", database.origin}});
    while (!shutdown->wait_for(kFileCheckInterval)) server.reload_changed_files();
    logger.info("stopping", {{"reason", shutdown->reason()}});
    server.stop();
    if (admin) admin->stop();
    return 0;
  } catch (const std::exception& e) {
    logger.error("monitor-api failed", {{"database", database.dsn.redacted()}, {"error", e}});
    return 1;
  }
}
