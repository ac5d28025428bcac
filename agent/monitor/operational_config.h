#pragma once
// The operational configuration of one address family (spec/agent.md §11.3.1), from the
// GetConfig RPC (and the config carried by GetServers): sample count, the monitor's own and
// NAT address, the local-check hosts ("BaseChecks"). Thread-safe store.

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "api/ip_address.h"
#include "api/messages.h"

namespace ntpmon::agent {

struct OperationalConfig {
  bool received = false;  // false until the first GetConfig answer
  int samples = 0;        // 0: the default (3)
  std::optional<api::IpAddress> monitor_ip;  // ip_bytes (4 or 16 bytes)
  std::optional<api::IpAddress> nat_ip;      // ip_nat_bytes; none when empty (§21 A9)
  std::vector<std::string> base_checks;
  std::string otlp_log_level;
  std::chrono::system_clock::time_point updated{};
};

// Address bytes of another length than 4 or 16 are ignored (no address).
OperationalConfig operational_config_from(const api::GetConfigResponse& response,
                                          std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

class OperationalConfigStore {
 public:
  void set(OperationalConfig config);
  OperationalConfig get() const;

 private:
  mutable std::mutex mutex_;
  OperationalConfig config_;
};

}  // namespace ntpmon::agent
