#pragma once
// One batch of work (spec/agent.md §11.6): GetServers, measure every server concurrently,
// SubmitResults. A stop request on the batch token (the worker stopping, or the monitor being
// paused: decision A5) abandons the batch: nothing is submitted.

#include <cstddef>
#include <stdexcept>
#include <stop_token>
#include <string>

#include "log/logger.h"
#include "monitor/measurement.h"
#include "monitor/operational_config.h"
#include "net/monitor_api.h"
#include "state/ip_config.h"

namespace ntpmon::agent {

inline constexpr int kSubmitResultsVersion = 4;
// --once measures at most this many servers of a larger batch (§21 A17: the fixed limit).
inline constexpr std::size_t kOnceServerLimit = 10;

struct BatchContext {
  MonitorApi& api;
  OperationalConfigStore& config;  // the worker's store (GetServers may carry a config)
  AddressFamily family;
  std::string mon_id;
  MeasureSettings measure;
  bool once = false;
  log::Logger logger;
};

struct BatchResult {
  std::size_t count = 0;   // statuses submitted
  bool abandoned = false;  // stopped before submitting
  std::string batch_id;
};

// Throws std::runtime_error: "getting server list: ...", "failed to unmarshal batch ID: ...",
// "SubmitResults: ...", "SubmitResults not okay".
BatchResult run_batch(const BatchContext& ctx, std::stop_token stop);

}  // namespace ntpmon::agent
