#pragma once
// The monitoring loop of one address family (spec/agent.md §11.2-§11.5):
//
//   wait until the family is live -> operational config with BaseChecks -> loop:
//     status gate (only between batches) -> local clock check -> batch -> (backoff on errors
//     and on "no work": 3 s .. 2 min, ±30 %, restarted after a 15 min window)
//
// Decision A5: "paused" abandons the batch in flight at once (nothing is submitted) and waits;
// "pending" (and any other status that is not live) lets the batch finish and be submitted,
// then waits. The mon_id is the family's current address, so an address assigned or changed
// later is used without a restart (§21 A11).

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>

#include "core/backoff.h"
#include "log/logger.h"
#include "monitor/batch.h"
#include "monitor/config_refresher.h"
#include "monitor/local_clock_check.h"
#include "monitor/measurement.h"
#include "monitor/operational_config.h"
#include "net/monitor_api.h"
#include "state/app_config.h"

namespace ntpmon::agent {

struct WorkerSettings {
  AddressFamily family = AddressFamily::v4;
  bool once = false;  // one iteration, then end (--once)
  MeasureSettings measure;
  BackoffSchedule batch_backoff = kBatchBackoff;
  std::chrono::milliseconds retry_window{std::chrono::minutes(15)};
  RefresherTimings refresher;
  LocalClockCheck::Options local_check;
};

struct WorkerStats {
  std::uint64_t batches = 0;     // submitted
  std::uint64_t measured = 0;    // statuses submitted
  std::uint64_t abandoned = 0;   // batches abandoned because of a pause
  std::uint64_t failures = 0;    // failed batch attempts (errors, not "no work")
};

class MonitorWorker {
 public:
  MonitorWorker(AppConfig& app, MonitorApi& api, WorkerSettings settings, log::Logger logger);
  ~MonitorWorker();
  MonitorWorker(const MonitorWorker&) = delete;
  MonitorWorker& operator=(const MonitorWorker&) = delete;

  // Runs until `stop` (or after one iteration with `once`). Never throws.
  void run(std::stop_token stop);
  // --sanity-only: the operational config, then the local clock check once. nullopt when
  // the family is not live.
  std::optional<bool> run_sanity_check(std::stop_token stop);

  WorkerStats stats() const;
  const OperationalConfigStore& config() const { return store_; }

 private:
  enum class Attempt { done, no_work, failed };
  bool wait_until_live(std::stop_token stop, bool first);
  Attempt attempt(std::stop_token stop, std::string& error);
  // The pause between batch retries; ends early (true) when the family stops being live.
  // False when stopped.
  bool retry_pause(std::stop_token stop, std::chrono::nanoseconds delay);
  void on_config_change();

  AppConfig& app_;
  MonitorApi& api_;
  WorkerSettings settings_;
  log::Logger logger_;
  OperationalConfigStore store_;
  LocalClockCheck local_check_;

  mutable std::mutex mutex_;
  std::optional<std::stop_source> batch_stop_;  // of the batch in flight
  WorkerStats stats_;
};

}  // namespace ntpmon::agent
