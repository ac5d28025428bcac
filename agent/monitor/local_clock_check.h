#pragma once
// The local clock sanity check (spec/agent.md §13, "LocalOK"): before a batch, a strict
// majority of the BaseCheck hosts must agree with the local clock within 10 ms (and not
// announce leap 3). The result is cached for 180 s. The hosts are resolved with the system
// resolver (the first address of the worker's family; failures skip the host) and probed
// concurrently, started 20 ms apart, each with a full measurement.
//
// The current operational config is used for every update (§21 A10).

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "api/ip_address.h"
#include "log/logger.h"
#include "monitor/measurement.h"
#include "monitor/operational_config.h"
#include "ntp/check_host.h"
#include "state/ip_config.h"

namespace ntpmon::agent {

class LocalClockCheck {
 public:
  // One probe: a measurement of `address` (the resolved `host`).
  using Probe = std::function<ntp::CheckResult(const api::IpAddress& address, const ntp::CheckOptions& options,
                                               std::stop_token stop)>;
  // All addresses of `host` (empty when the lookup fails; `error` says why).
  using Resolver = std::function<std::vector<api::IpAddress>(const std::string& host, std::string& error)>;

  struct Options {
    std::chrono::nanoseconds cache_ttl = std::chrono::seconds(180);
    std::chrono::nanoseconds stagger = std::chrono::milliseconds(20);
    Probe probe;        // default: ntp::check_host
    Resolver resolver;  // default: getaddrinfo
  };

  LocalClockCheck(const OperationalConfigStore& config, AddressFamily family, MeasureSettings settings,
                  log::Logger logger, Options options);
  LocalClockCheck(const OperationalConfigStore& config, AddressFamily family, MeasureSettings settings,
                  log::Logger logger);

  // The cached result while it is fresh, else a new check. A stop request during the check
  // returns false without caching.
  bool check(std::stop_token stop = {});
  // Time until the cached result expires (0 when there is none).
  std::chrono::nanoseconds next_check_in() const;

  static std::vector<api::IpAddress> system_resolver(const std::string& host, std::string& error);

 private:
  bool update(std::stop_token stop);

  const OperationalConfigStore& config_;
  AddressFamily family_;
  MeasureSettings settings_;
  log::Logger logger_;
  Options options_;

  std::mutex mutex_;  // one update at a time
  mutable std::mutex cache_mutex_;
  std::optional<bool> cached_;
  std::chrono::steady_clock::time_point checked_at_{};
};

}  // namespace ntpmon::agent
