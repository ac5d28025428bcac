#pragma once
// The computational part of the local clock sanity check (spec §13, `LocalOK`): judging
// one probe and the majority rule. Name resolution, the concurrent probes (20 ms apart),
// the 180 s cache, logging and metrics belong to the agent runtime that owns the config;
// it runs each probe with check_host() and feeds the results here.

#include <chrono>
#include <string>

#include "ntp/status.h"

namespace ntpmon::ntp {

inline constexpr std::chrono::seconds kLocalCheckCacheTtl{180};
inline constexpr std::chrono::milliseconds kLocalCheckMaxOffset{10};
inline constexpr std::chrono::milliseconds kLocalCheckStagger{20};

// "" when the probe passed, else why not (in this order): the measurement's error;
// "offset too large: <Go duration>" when |offset| > 10 ms; "NotInSync" for leap 3.
std::string local_check_probe_failure(const CheckResult& probe);

// failureThreshold = n - floor((n + 2) / 2).
int local_check_failure_threshold(int probed_hosts);

// A strict majority of the probed hosts must pass; no probed host -> false.
bool local_check_ok(int probed_hosts, int failures);

}  // namespace ntpmon::ntp
