// `ntppool-agent monitor` (spec/agent.md §2.9, §11.1): the config manager (hot reload), the
// readiness wait, then one worker per enabled address family until SIGTERM/SIGINT.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "cli/commands.h"
#include "core/version.h"
#include "monitor/readiness.h"
#include "monitor/worker.h"
#include "net/connect_client.h"
#include "reload/config_manager.h"

namespace ntpmon::agent {
namespace {

ReadinessOptions readiness_options(const AgentContext& ctx) {
  ReadinessOptions o;
  o.ipv4 = ctx.line.ipv4;
  o.ipv6 = ctx.line.ipv6;
  o.setup_command = ctx.setup_command();
  if (::isatty(STDIN_FILENO)) {
    o.print_setup_hint = [](const std::string& cmd) {
      std::cout << "\nSetup API key with:\n\n    " << cmd << "\n\n" << std::flush;
    };
  }
  return o;
}

WorkerSettings worker_settings(const AgentContext& ctx, AddressFamily family) {
  WorkerSettings s;
  s.family = family;
  s.once = ctx.line.monitor.once;
  s.measure.allow_local_targets = ctx.line.allow_local_targets;
  const auto debug_queries = ctx.env_lookup("MONITOR_DEBUG_NTP_QUERIES");
  s.measure.debug_queries = debug_queries && *debug_queries == "true";
  return s;
}

// The Connect API base; waits for a configuration change while it cannot be determined.
std::optional<std::string> wait_for_monitor_api(AgentContext& ctx) {
  while (!ctx.stop.stop_requested()) {
    auto waiter = ctx.app->wait_for_config_change(ctx.stop);
    std::string error;
    if (auto base = ctx.monitor_api_base(error)) return base;
    ctx.logger.error("could not setup API: " + error);
    waiter->wait(ctx.stop, std::chrono::minutes(5));
  }
  return std::nullopt;
}

}  // namespace

int run_monitor(AgentContext& ctx) {
  AppConfig& app = *ctx.app;
  const MonitorOptions& opt = ctx.line.monitor;
  ctx.logger.info("starting ntppool-agent", {{"version", agent_version()}});

  ManagerTimings timings;
  timings.periodic = ctx.line.config_poll_interval;
  timings.after_failure = std::min(timings.after_failure, ctx.line.config_poll_interval);
  timings.min_delay = std::min(timings.min_delay, ctx.line.config_poll_interval);
  ConfigManager manager(app, ctx.logger, timings);
  if (!opt.once && !opt.sanity_only) {
    ctx.logger.info("starting AppConfig manager early for file watching");
    manager.start(ctx.stop);
  }

  if (!wait_until_ready(app, ctx.initial_load, readiness_options(ctx), ctx.logger, ctx.stop)) {
    ctx.logger.info("skipping monitor, context done");
    return kExitSuccess;
  }
  const auto base = wait_for_monitor_api(ctx);
  if (!base) return kExitSuccess;
  ctx.logger.info("monitor API", {{"url", *base}, {"tls_name", app.tls_name()}});

  struct Family {
    std::unique_ptr<ConnectClient> client;
    std::unique_ptr<MonitorWorker> worker;
  };
  std::vector<Family> families;
  for (AddressFamily f : {AddressFamily::v4, AddressFamily::v6}) {
    if (!(f == AddressFamily::v4 ? ctx.line.ipv4 : ctx.line.ipv6)) {
      ctx.logger.debug(f == AddressFamily::v4 ? "skipping IPv4 monitor" : "skipping IPv6 monitor");
      continue;
    }
    HttpClientOptions http = ctx.http_options(*base);
    http.client_certificate = app.certificates().holder();
    auto client = std::make_unique<ConnectClient>(std::move(http));
    auto worker = std::make_unique<MonitorWorker>(app, *client, worker_settings(ctx, f), ctx.logger);
    families.push_back({std::move(client), std::move(worker)});
  }

  if (opt.sanity_only) {
    bool all_ok = true;
    int checked = 0;
    for (auto& f : families) {
      const auto ok = f.worker->run_sanity_check(ctx.stop);
      if (!ok) continue;  // family not live
      ++checked;
      all_ok = all_ok && *ok;
    }
    if (ctx.stop.stop_requested()) return kExitSuccess;
    if (checked == 0 || !all_ok) {
      ctx.logger.warn("local clock not ok");
      ctx.logger.error("health check failed");
      return kExitRuntimeError;
    }
    ctx.logger.info("local clock ok");
    return kExitSuccess;
  }

  {
    std::vector<std::jthread> threads;
    for (auto& f : families) {
      MonitorWorker* worker = f.worker.get();
      threads.emplace_back([worker, stop = ctx.stop] { worker->run(stop); });
    }
  }  // joins: every worker ended (stop, or --once)
  if (ctx.stop.stop_requested()) ctx.logger.info("shutting down monitor", {{"name", app.server_name()}});
  return kExitSuccess;
}

}  // namespace ntpmon::agent
