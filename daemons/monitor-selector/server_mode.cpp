#include "server_mode.h"

#include <atomic>
#include <mutex>
#include <optional>

#include "batch.h"
#include "db/transaction.h"
#include "db/transient.h"
#include "metrics/admin_server.h"
#include "runtime/poll_loop.h"
#include "selector_metrics.h"

namespace ntpmon::selector {
namespace {

bool worth_retrying(const std::exception& e) {
  if (const auto* tx = dynamic_cast<const db::TransactionError*>(&e)) return tx->transient();
  return db::is_transient(e);
}

}  // namespace

int run_server_mode(soci::session& session, const ServerModeOptions& options, const log::Logger& logger,
                    runtime::ShutdownSignal& shutdown) {
  metrics::Registry registry;
  SelectorMetrics selector_metrics(registry);
  std::atomic<bool> last_batch_ok{true};
  metrics::AdminServer admin(
      options.admin_listen, registry,
      [&] {
        return last_batch_ok.load() ? metrics::HealthStatus::ok()
                                    : metrics::HealthStatus::unhealthy("the last review batch failed");
      },
      logger);
  logger.info("selector running", {{"admin", admin.address()}});

  runtime::PollLoopOptions loop;
  loop.name = "selector";
  // The original's backoff: 3 s initial, factor 1.5, 60 s maximum, +-50 % randomisation
  // (here: each wait drawn from [d/2, d]).
  loop.idle = runtime::BackoffPolicy{std::chrono::seconds(3), 1.5, std::chrono::seconds(60), 0.5};
  loop.error = loop.idle;

  db::RetryPolicy policy;
  policy.sleep = [&](std::chrono::milliseconds d) { return !shutdown.wait_for(d); };

  std::optional<std::string> fatal;
  runtime::run_poll_loop(shutdown, logger, loop, [&]() -> runtime::StepResult {
    try {
      const BatchResult batch = run_batch(session, current_time, logger, &selector_metrics, policy);
      last_batch_ok = true;
      return batch.servers > 0 ? runtime::StepResult::worked : runtime::StepResult::idle;
    } catch (const std::exception& e) {
      last_batch_ok = false;
      if (worth_retrying(e)) throw;  // the poll loop logs it and backs off
      fatal = e.what();
      logger.error("review batch failed; stopping", {{"error", e}});
      shutdown.request_stop("fatal batch error");
      return runtime::StepResult::idle;
    }
  });
  admin.stop();
  return fatal ? 1 : 0;
}

}  // namespace ntpmon::selector
