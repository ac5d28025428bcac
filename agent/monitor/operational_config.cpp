#include "monitor/operational_config.h"

namespace ntpmon::agent {

OperationalConfig operational_config_from(const api::GetConfigResponse& response,
                                          std::chrono::system_clock::time_point now) {
  OperationalConfig c;
  c.received = true;
  c.samples = response.samples;
  c.monitor_ip = api::ip_from_bytes(response.ip_bytes);
  if (!response.ip_nat_bytes.empty()) c.nat_ip = api::ip_from_bytes(response.ip_nat_bytes);
  c.base_checks = response.base_checks;
  c.otlp_log_level = response.otlp_log_level;
  c.updated = now;
  return c;
}

void OperationalConfigStore::set(OperationalConfig config) {
  std::lock_guard lock(mutex_);
  config_ = std::move(config);
}

OperationalConfig OperationalConfigStore::get() const {
  std::lock_guard lock(mutex_);
  return config_;
}

}  // namespace ntpmon::agent
