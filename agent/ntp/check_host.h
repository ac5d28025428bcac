#pragma once
// The measurement driver, CheckHost (spec §12.1-12.3, §12.5-12.6):
//
//   pre-checks (§12.3) -> samples exchanges, 2 s apart (after the previous one finished),
//   each classified (§12.5); a kiss code or bad stratum ends the run with that sample;
//   otherwise the best sample (§12.6) is the result.
//
// Thread-safe (no shared state); every call opens its own sockets. Never throws. A stop
// request ends it within milliseconds, also during the pause between samples (§21 A42),
// and the result is then marked cancelled (not to be submitted).

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>

#include "ntp/address.h"
#include "ntp/exchange.h"
#include "ntp/status.h"

namespace ntpmon::ntp {

inline constexpr int kDefaultSamples = 3;
inline constexpr std::chrono::seconds kSampleSpacing{2};

struct CheckOptions {
  // Config `samples`; 0 (or negative) -> kDefaultSamples.
  int samples = 0;
  // Local address per family (the monitor's own address, or its NAT address: the caller
  // decides, §12.2/§21 A9). Absent or wildcard: the OS chooses.
  std::optional<IpAddress> local_v4;
  std::optional<IpAddress> local_v6;
  std::uint16_t port = kNtpPort;
  std::chrono::nanoseconds timeout = kDefaultTimeout;  // per exchange
  std::chrono::nanoseconds spacing = kSampleSpacing;   // pause before every sample but the first
  // Skip the §12.3 pre-checks (loopback, private, multicast). Only for tests and
  // diagnostics against local servers; an invalid address is still refused.
  bool allow_special_targets = false;
  // Called after each sample (attempt number from 0, the classified sample): the hook for
  // the metric monitor.ntp_queries_sent_total and the MONITOR_DEBUG_NTP_QUERIES log lines
  // (`ntp query` / `ntp query error`). Must not throw.
  std::function<void(int iteration, const Sample& sample)> on_sample;
};

int effective_samples(int configured);

CheckResult check_host(const IpAddress& target, const CheckOptions& options, std::stop_token stop = {});

}  // namespace ntpmon::ntp
