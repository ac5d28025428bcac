// monitor-web: the read-only web service of the monitoring system: the public score history
// compatible with the NTP Pool's data API, and status pages with score graphs
// (spec scores-api.md §6).
//
//   monitor-web [--config FILE] [--listen HOST:PORT] [--admin-listen HOST:PORT] [settings...]
//
// The database comes from DATABASE_DSN, else database.yaml (--database-config). Runs until
// SIGTERM/SIGINT. Exit status: 0 after a signal, 1 runtime error (database unreachable at
// start, address in use), 2 usage or configuration error.
#include <CLI/CLI.hpp>

#include <iostream>
#include <optional>

#include "config/cli.h"
#include "config/config_error.h"
#include "config/loader.h"
#include "db/database_config.h"
#include "db/pool.h"
#include "http_listener.h"
#include "log/default_logger.h"
#include "log/sink.h"
#include "metrics/admin_server.h"
#include "metrics/registry.h"
#include "runtime/shutdown_signal.h"
#include "web_app.h"

namespace {

constexpr const char* kProgram = "monitor-web";

void add_web_settings(ntpmon::config::Schema& schema) {
  using ntpmon::config::Setting;
  schema.add(Setting::string("web.listen", "127.0.0.1:8088")
                 .env("WEB_LISTEN")
                 .flag("--listen")
                 .help("address of the public HTTP listener (host:port, :port for every interface)"));
  schema.add(Setting::integer("web.threads", 16)
                 .env("WEB_THREADS")
                 .range(1, 1024)
                 .help("requests served at once (each keep-alive connection holds one); also the "
                       "database connections at most"));
  schema.add(Setting::duration("web.lookup_cache_ttl", std::chrono::seconds(10))
                 .env("WEB_LOOKUP_CACHE_TTL")
                 .help("how long a looked-up server and the default monitor are reused; 0s: always ask "
                       "the database"));
  schema.add(Setting::string("admin.listen", "127.0.0.1:9108")
                 .env("WEB_ADMIN_LISTEN")
                 .help("address of /metrics and /__health; empty: none"));
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
  add_web_settings(schema);

  CLI::App app{"monitor-web: the public score history (NTP Pool data-API compatible) and status pages", kProgram};
  app.set_version_flag("--version", std::string(kProgram) + " " NTPMON_VERSION);
  config::Loader loader(schema);
  loader.add_flags(app);
  if (auto rc = config::parse_command_line(app, argc, argv)) return *rc;

  config::Config cfg;
  db::DatabaseConfig database;
  try {
    cfg = loader.load();
    database = db::resolve_database_config(cfg);
  } catch (const config::ConfigError& e) {
    return config::report_config_error(e, kProgram);
  }
  const log::Logger logger(log::stderr_sink(), log::parse_level(cfg.string("log.level")).value_or(log::Level::info));
  log::set_default_logger(logger);

  try {
    // Before any thread starts, so that every thread inherits the blocked signals.
    auto shutdown = runtime::ShutdownSignal::install_process_handler();
    auto threads = static_cast<std::size_t>(cfg.integer("web.threads"));
    db::PoolOptions pool_options;
    pool_options.max_size = threads;
    pool_options.ping_on_acquire = false;  // WebApp replaces a dead connection instead
    db::Pool pool(database.dsn, pool_options);
    { auto check = pool.acquire(); }  // fail at start, not on the first request, when the database is unreachable

    metrics::Registry registry;
    web::WebAppOptions app_options;
    app_options.lookup_cache_ttl =
        std::chrono::duration_cast<std::chrono::milliseconds>(cfg.duration("web.lookup_cache_ttl"));
    web::WebApp app_handler(pool, web::system_clock(), logger, &registry, app_options);
    std::optional<metrics::AdminServer> admin;
    if (!cfg.string("admin.listen").empty()) {
      admin.emplace(cfg.string("admin.listen"), registry, [&pool] {
        try {
          auto lease = pool.acquire();
          return metrics::HealthStatus::ok();
        } catch (const std::exception& e) {
          return metrics::HealthStatus::unhealthy(std::string("database: ") + e.what());
        }
      }, logger);
    }
    web::ListenerOptions listener_options;
    listener_options.threads = threads;
    web::HttpListener listener(
        cfg.string("web.listen"), [&app_handler](const web::WebRequest& r) { return app_handler.handle(r); },
        listener_options, logger);
    logger.info("listening", {{"url", "http://" + listener.address() + "/"},
                              {"database", database.dsn.redacted()},
                              {"origin", database.origin}});
    shutdown->wait();
    logger.info("stopping", {{"reason", shutdown->reason()}});
    listener.stop();
    if (admin) admin->stop();
    return 0;
  } catch (const std::exception& e) {
    logger.error("monitor-web failed", {{"database", database.dsn.redacted()}, {"error", e}});
    return 1;
  }
}
