#pragma once
// Per-family refresh of the operational config (spec/agent.md §11.3): GetConfig at start,
// every 60 min, and at once whenever the AppConfig changes. On errors: 10 s × errors (at most
// 20 min) until the first good answer, 20 min afterwards. The worker is "released" by the
// first answer that has BaseChecks (the local clock check needs them).

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

#include "log/logger.h"
#include "monitor/operational_config.h"
#include "net/monitor_api.h"
#include "state/app_config.h"

namespace ntpmon::agent {

struct RefresherTimings {
  std::chrono::milliseconds refresh{std::chrono::minutes(60)};
  std::chrono::milliseconds error_refresh{std::chrono::minutes(20)};
  std::chrono::milliseconds first_run_error_step{std::chrono::seconds(10)};
};

class ConfigRefresher {
 public:
  ConfigRefresher(AppConfig& app, MonitorApi& api, OperationalConfigStore& store, AddressFamily family,
                  log::Logger logger, RefresherTimings timings = {});
  ~ConfigRefresher();  // stops and joins
  ConfigRefresher(const ConfigRefresher&) = delete;
  ConfigRefresher& operator=(const ConfigRefresher&) = delete;

  void start(std::stop_token stop);
  void stop();
  // Waits until released (a config with BaseChecks arrived, or the refresher stopped).
  // False when `stop` ended the wait first.
  bool wait_released(std::stop_token stop);

 private:
  void run(std::stop_token stop);
  void release();

  AppConfig& app_;
  MonitorApi& api_;
  OperationalConfigStore& store_;
  AddressFamily family_;
  log::Logger logger_;
  RefresherTimings timings_;

  std::mutex mutex_;
  std::condition_variable_any released_cv_;
  bool released_ = false;
  std::jthread thread_;
  std::optional<std::stop_callback<std::function<void()>>> external_stop_;
};

}  // namespace ntpmon::agent
