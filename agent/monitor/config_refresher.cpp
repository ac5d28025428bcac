#include "monitor/config_refresher.h"

#include <algorithm>

#include "api/connect_error.h"

namespace ntpmon::agent {

ConfigRefresher::ConfigRefresher(AppConfig& app, MonitorApi& api, OperationalConfigStore& store,
                                 AddressFamily family, log::Logger logger, RefresherTimings timings)
    : app_(app), api_(api), store_(store), family_(family), logger_(std::move(logger)), timings_(timings) {}

ConfigRefresher::~ConfigRefresher() { stop(); }

void ConfigRefresher::start(std::stop_token stop) {
  thread_ = std::jthread([this](std::stop_token own) { run(std::move(own)); });
  external_stop_.emplace(std::move(stop), std::function<void()>([this] { thread_.request_stop(); }));
}

void ConfigRefresher::stop() {
  external_stop_.reset();
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
}

void ConfigRefresher::release() {
  {
    std::lock_guard lock(mutex_);
    released_ = true;
  }
  released_cv_.notify_all();
}

bool ConfigRefresher::wait_released(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  return released_cv_.wait(lock, stop, [this] { return released_; });
}

void ConfigRefresher::run(std::stop_token stop) {
  bool first_run = true;
  int errors = 0;
  while (!stop.stop_requested()) {
    auto waiter = app_.wait_for_config_change(stop);
    std::chrono::milliseconds wait = timings_.refresh;
    if (first_run) logger_.info("getting client configuration with BaseChecks for LocalOK", {{"errors", errors}});
    const auto ip = assigned_address(app_.family(family_), family_);
    try {
      const api::GetConfigResponse response = api_.get_config(api::GetConfigRequest{ip ? ip->to_string() : ""}, stop);
      OperationalConfig config = operational_config_from(response);
      const bool has_base_checks = !config.base_checks.empty();
      store_.set(std::move(config));
      if (!response.otlp_log_level.empty()) {
        try {
          app_.set_cached_otlp_log_level(response.otlp_log_level);
        } catch (const std::exception& e) {
          logger_.warn("failed to cache OTLP log level", {{"err", e.what()}});
        }
      }
      if (first_run) {
        if (has_base_checks) {
          logger_.info("received valid configuration with BaseChecks, LocalOK can be initialized",
                       {{"basecheck_count", response.base_checks.size()}});
          first_run = false;
          release();
        } else {
          logger_.warn("configuration received but no BaseChecks available, waiting for complete config");
        }
      }
    } catch (const std::exception& e) {
      if (stop.stop_requested()) break;
      ++errors;
      wait = first_run ? std::min<std::chrono::milliseconds>(timings_.first_run_error_step * errors,
                                                             timings_.error_refresh)
                       : timings_.error_refresh;
      logger_.warn("fetching config", {{"err", e.what()}, {"retry_in", wait}});
    }
    const auto outcome = waiter->wait(stop, wait);
    if (outcome == ChangeWaiter::Outcome::changed) {
      logger_.info("HTTP config changed, triggering immediate gRPC config fetch");
    }
  }
  release();  // never leave the worker waiting
}

}  // namespace ntpmon::agent
