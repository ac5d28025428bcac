#include "server_mode.h"

#include <atomic>

#include "metrics/admin_server.h"
#include "runtime/poll_loop.h"
#include "scorer_metrics.h"

namespace ntpmon::scorer {

int run_server_mode(soci::session& session, ServerModeOptions options, const log::Logger& logger,
                    runtime::ShutdownSignal& shutdown) {
  metrics::Registry registry;
  ScorerMetrics scorer_metrics(registry);
  std::atomic<bool> healthy{true};
  metrics::AdminServer admin(
      options.admin_listen, registry,
      [&] { return healthy ? metrics::HealthStatus::ok() : metrics::HealthStatus::unhealthy("the last round failed"); },
      logger);
  logger.info("scorer running", {{"admin", admin.address()}});

  options.runner.lock_mode = LockMode::skip_locked;  // a second process takes the other scorer
  options.runner.stop_requested = [&] { return shutdown.stop_requested(); };
  options.runner.retry.sleep = [&](std::chrono::milliseconds d) { return !shutdown.wait_for(d); };
  Runner runner(session, logger, &scorer_metrics, options.runner);

  runtime::PollLoopOptions loop;
  loop.name = "scorer";
  loop.idle = runtime::BackoffPolicy{std::chrono::seconds(3), 1.5, std::chrono::seconds(60), 0.5};
  loop.error = runtime::BackoffPolicy{std::chrono::seconds(5), 1.5, std::chrono::seconds(120), 0.5};
  bool warned_empty = false;
  runtime::run_poll_loop(shutdown, logger, loop, [&]() -> runtime::StepResult {
    const auto r = runner.round();  // a registry error goes to the loop's error backoff
    healthy = r.failures.empty();
    if (r.scorers == 0 && !warned_empty) {
      logger.warn("no scorers configured; run `monitor-scorer setup`");
      warned_empty = true;
    }
    return r.worked > 0 ? runtime::StepResult::worked : runtime::StepResult::idle;
  });
  admin.stop();
  logger.info("scorer stopped", {{"reason", shutdown.reason()}});
  return 0;
}

}  // namespace ntpmon::scorer
