#pragma once
// monitor-api's Prometheus metrics (spec/api.md §11, with the project's request metrics).

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "metrics/registry.h"

namespace ntpmon::monitor_api {

// The labels of a monitor in the per-monitor metrics: monitor = tls_name, account = the
// account id_token, account_id = its id ("0" without one).
struct MonitorLabels {
  std::string monitor;
  std::string ip_version;
  std::string account;
  std::string account_id;
};

class ApiMetrics {
 public:
  explicit ApiMetrics(metrics::Registry& registry);

  // One per request: endpoint (the route or "unknown"), code ("ok" or the Connect code).
  void request(std::string_view endpoint, std::string_view code, std::chrono::nanoseconds duration);
  // tests_requested_total: servers handed out by GetServers.
  void tests_requested(const MonitorLabels& m, std::uint64_t count);
  // tests_completed_total: results by outcome (ok, offset, timeout, signature_validation,
  // batch_out_of_order, replayed).
  void tests_completed(const MonitorLabels& m, std::string_view result, std::int32_t version, std::uint64_t count);
  void certificate_issued();
  void registration(std::string_view outcome);

 private:
  metrics::Family<metrics::Counter>& requests_;
  metrics::Family<metrics::Histogram>& durations_;
  metrics::Family<metrics::Counter>& tests_requested_;
  metrics::Family<metrics::Counter>& tests_completed_;
  metrics::Counter& certificates_;
  metrics::Family<metrics::Counter>& registrations_;
};

}  // namespace ntpmon::monitor_api
