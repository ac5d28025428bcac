#include "monitor/local_clock_check.h"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

#include "core/interruptible_sleep.h"
#include "core/task_threads.h"
#include "ntp/local_check.h"

namespace ntpmon::agent {

std::vector<api::IpAddress> LocalClockCheck::system_resolver(const std::string& host, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* result = nullptr;
  const int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &result);
  std::vector<api::IpAddress> out;
  if (rc != 0) {
    error = ::gai_strerror(rc);
    return out;
  }
  for (addrinfo* ai = result; ai != nullptr; ai = ai->ai_next) {
    if (ai->ai_family == AF_INET) {
      const auto* a = reinterpret_cast<const sockaddr_in*>(ai->ai_addr);
      out.push_back({api::IpFamily::v4, std::string(reinterpret_cast<const char*>(&a->sin_addr), 4)});
    } else if (ai->ai_family == AF_INET6) {
      const auto* a = reinterpret_cast<const sockaddr_in6*>(ai->ai_addr);
      out.push_back({api::IpFamily::v6, std::string(reinterpret_cast<const char*>(&a->sin6_addr), 16)});
    }
  }
  ::freeaddrinfo(result);
  return out;
}

LocalClockCheck::LocalClockCheck(const OperationalConfigStore& config, AddressFamily family,
                                 MeasureSettings settings, log::Logger logger, Options options)
    : config_(config),
      family_(family),
      settings_(settings),
      logger_(std::move(logger)),
      options_(std::move(options)) {
  if (!options_.probe) {
    options_.probe = [](const api::IpAddress& address, const ntp::CheckOptions& o, std::stop_token stop) {
      return ntp::check_host(to_ntp_address(address), o, std::move(stop));
    };
  }
  if (!options_.resolver) options_.resolver = system_resolver;
}

LocalClockCheck::LocalClockCheck(const OperationalConfigStore& config, AddressFamily family,
                                 MeasureSettings settings, log::Logger logger)
    : LocalClockCheck(config, family, settings, std::move(logger), Options{}) {}

std::chrono::nanoseconds LocalClockCheck::next_check_in() const {
  std::lock_guard lock(cache_mutex_);
  if (!cached_) return std::chrono::nanoseconds(0);
  const auto left = checked_at_ + options_.cache_ttl - std::chrono::steady_clock::now();
  return left.count() > 0 ? std::chrono::duration_cast<std::chrono::nanoseconds>(left) : std::chrono::nanoseconds(0);
}

bool LocalClockCheck::check(std::stop_token stop) {
  std::lock_guard lock(mutex_);
  {
    std::lock_guard cache_lock(cache_mutex_);
    if (cached_ && std::chrono::steady_clock::now() - checked_at_ < options_.cache_ttl) return *cached_;
  }
  const bool ok = update(stop);
  if (stop.stop_requested()) return false;
  std::lock_guard cache_lock(cache_mutex_);
  cached_ = ok;
  checked_at_ = std::chrono::steady_clock::now();
  return ok;
}

bool LocalClockCheck::update(std::stop_token stop) {
  const OperationalConfig config = config_.get();
  if (config.base_checks.empty()) {
    logger_.warn("did not get NTP BaseChecks from API; no localok configuration available");
    return false;
  }
  struct Probe {
    std::string host;
    api::IpAddress address;
    std::string failure;
  };
  std::vector<Probe> probes;
  for (const std::string& host : config.base_checks) {
    std::string error;
    const auto addresses = options_.resolver(host, error);
    if (addresses.empty() && !error.empty()) {
      logger_.warn("dns lookup failed", {{"host", host}, {"err", error}});
      continue;
    }
    for (const auto& a : addresses) {
      if ((a.family == api::IpFamily::v4) == (family_ == AddressFamily::v4)) {
        probes.push_back({host, a, {}});
        break;
      }
    }
  }

  const ntp::CheckOptions options = check_options(config, family_, settings_, logger_);
  std::vector<std::function<void()>> tasks;
  for (std::size_t i = 0; i < probes.size(); ++i) {
    tasks.push_back([this, i, &probes, &options, stop] {
      if (!sleep_for(stop, options_.stagger * static_cast<long>(i))) {
        probes[i].failure = "cancelled";
        return;
      }
      const ntp::CheckResult result = options_.probe(probes[i].address, options, stop);
      probes[i].failure = ntp::local_check_probe_failure(result);
    });
  }
  run_concurrently(std::move(tasks));
  if (stop.stop_requested()) return false;  // abandoned: no verdict, nothing to log

  int failures = 0;
  for (const Probe& p : probes) {
    if (p.failure.empty()) continue;
    ++failures;
    logger_.warn("local-check failure", {{"server", p.host}, {"ip", p.address.to_string()}, {"err", p.failure}});
  }
  const int n = static_cast<int>(probes.size());
  const bool ok = ntp::local_check_ok(n, failures);
  logger_.info("local-check", {{"failures", failures},
                               {"threshold", ntp::local_check_failure_threshold(n)},
                               {"hosts", n},
                               {"ok", ok}});
  return ok;
}

}  // namespace ntpmon::agent
