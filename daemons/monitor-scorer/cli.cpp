#include "cli.h"

#include <CLI/CLI.hpp>
#include <soci/soci.h>

#include <ostream>

#include "db/connect.h"
#include "runner.h"
#include "runtime/shutdown_signal.h"
#include "scoring_error.h"
#include "server_mode.h"
#include "setup.h"

namespace ntpmon::scorer {
namespace {

std::string innermost(const std::exception& e) {
  try {
    std::rethrow_if_nested(e);
  } catch (const std::exception& inner) {
    return innermost(inner);
  } catch (...) {
  }
  return shorten_error(e.what());
}

RunnerOptions runner_options(const config::Config& cfg, const db::DatabaseConfig& database) {
  RunnerOptions o;
  if (cfg.boolean("scorer.parallel")) {
    o.connect = [dsn = database.dsn] { return db::open_session(dsn); };
  }
  if (cfg.has("scorer.batch_size")) o.batch_size = static_cast<std::uint64_t>(cfg.integer("scorer.batch_size"));
  o.gap_horizon = std::chrono::duration_cast<std::chrono::seconds>(cfg.duration("scorer.gap_horizon"));
  return o;
}

}  // namespace

void add_scorer_settings(config::Schema& schema) {
  using config::Setting;
  schema.add(Setting::string("admin.listen", "127.0.0.1:9000")
                 .env("SCORER_ADMIN_LISTEN")
                 .help("server: address of the /metrics and /__health endpoints"));
  schema.add(Setting::integer("scorer.batch_size")
                 .env("SCORER_BATCH_SIZE")
                 .flag("--batch-size")
                 .range(1, 10'000'000)
                 .help("log_scores ids one batch of one scorer reads (default: system_settings \"scorer\" "
                       "batch_size, else 50000)"));
  schema.add(Setting::duration("scorer.gap_horizon", std::chrono::minutes(10))
                 .env("SCORER_GAP_HORIZON")
                 .help("how long ids passed without a visible row are rescanned for late commits"));
  schema.add(Setting::boolean("scorer.parallel", true)
                 .env("SCORER_PARALLEL")
                 .help("run the scorers' batches at the same time, each on a connection of its own"));
  schema.add(Setting::string("log.level", "info")
                 .env("LOG_LEVEL")
                 .choices({"debug", "info", "warn", "error"})
                 .help("lowest level of the log lines on stderr"));
}

void Commands::add_to(CLI::App& app) {
  setup_ = app.add_subcommand("setup", "register the every and recentmedian scorers and their cursors (idempotent)");
  setup_->add_option("--start-after-id", start_after_id_,
                     "start new scorers after this log_scores id (0: from the first row; default: the current end)");
  run_ = app.add_subcommand("run", "score until every scorer has caught up, then exit");
  server_ = app.add_subcommand("server", "score continuously; /metrics on admin.listen");
  status_ = app.add_subcommand("status", "print every scorer cursor");
}

int Commands::run(const config::Config& cfg, const db::DatabaseConfig& database, const log::Logger& logger,
                  std::ostream& out) {
  std::unique_ptr<runtime::ShutdownSignal> shutdown;
  try {
    if (server_->parsed() || run_->parsed()) shutdown = runtime::ShutdownSignal::install_process_handler();
    auto session = db::open_session(database.dsn);
    if (setup_->parsed()) {
      for (const auto& line : run_setup(*session, {start_after_id_})) out << line << '\n';
      return 0;
    }
    if (status_->parsed()) {
      for (const auto& line : scorer_status_report(*session)) out << line << '\n';
      return 0;
    }
    auto options = runner_options(cfg, database);
    options.stop_requested = [&] { return shutdown->stop_requested(); };
    options.retry.sleep = [&](std::chrono::milliseconds d) { return !shutdown->wait_for(d); };
    if (run_->parsed()) {
      Runner runner(*session, logger, nullptr, options);
      const auto failures = runner.run_until_caught_up();
      if (shutdown->stop_requested()) logger.info("stopped", {{"reason", shutdown->reason()}});
      return failures.empty() ? 0 : 1;
    }
    if (server_->parsed()) {
      logger.info("starting", {{"database", database.dsn.redacted()}, {"origin", database.origin}});
      return run_server_mode(*session, {cfg.string("admin.listen"), options}, logger, *shutdown);
    }
  } catch (const std::exception& e) {
    logger.error("command failed", {{"database", database.dsn.redacted()}, {"error", innermost(e)}});
    return 1;
  }
  return 1;
}

}  // namespace ntpmon::scorer
