#include "api_metrics.h"

namespace ntpmon::monitor_api {

ApiMetrics::ApiMetrics(metrics::Registry& registry)
    : requests_(registry.counter_family("monitor_api_requests_total", "Requests by endpoint and result code.",
                                        {"endpoint", "code"})),
      durations_(registry.histogram_family("monitor_api_request_duration_seconds", "Time to answer a request.",
                                           metrics::exponential_buckets(0.0005, 2, 16), {"endpoint"})),
      tests_requested_(registry.counter_family("tests_requested_total", "Servers handed out by GetServers.",
                                               {"monitor", "ip_version", "account", "account_id"})),
      tests_completed_(registry.counter_family(
          "tests_completed_total", "Results submitted by monitors, by outcome.",
          {"monitor", "ip_version", "result", "version", "account", "account_id"})),
      certificates_(registry.counter("monitor_api_certificates_issued_total", "Client certificates issued.")),
      registrations_(registry.counter_family("monitor_api_registrations_total", "Registration requests by outcome.",
                                             {"outcome"})) {}

void ApiMetrics::request(std::string_view endpoint, std::string_view code, std::chrono::nanoseconds duration) {
  requests_.with({endpoint, code}).inc();
  durations_.with({endpoint}).observe(std::chrono::duration<double>(duration).count());
}

void ApiMetrics::tests_requested(const MonitorLabels& m, std::uint64_t count) {
  if (count == 0) return;
  tests_requested_.with({m.monitor, m.ip_version, m.account, m.account_id}).inc(static_cast<double>(count));
}

void ApiMetrics::tests_completed(const MonitorLabels& m, std::string_view result, std::int32_t version,
                                 std::uint64_t count) {
  if (count == 0) return;
  tests_completed_.with({m.monitor, m.ip_version, result, std::to_string(version), m.account, m.account_id})
      .inc(static_cast<double>(count));
}

void ApiMetrics::certificate_issued() { certificates_.inc(); }

void ApiMetrics::registration(std::string_view outcome) { registrations_.with({outcome}).inc(); }

}  // namespace ntpmon::monitor_api
