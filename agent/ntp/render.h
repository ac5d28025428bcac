#pragma once
// Text forms of measurement results: durations the way Go prints them (the original agent's
// logs), a one-line key=value form for logs, and the multi-line report that
// `ntppool-agent check <ip>` prints.

#include <chrono>
#include <string>
#include <string_view>

#include "ntp/address.h"
#include "ntp/status.h"
#include "ntp/timestamp.h"

namespace ntpmon::ntp {

// Go's time.Duration.String(): "0s", "999ns", "1.5µs", "12.345678ms", "2.5s", "1m1s",
// "1h0m0s", negative with a leading "-".
std::string format_go_duration(std::chrono::nanoseconds d);

// UTC, RFC 3339 with nanoseconds: "2025-01-02T03:04:05.123456789Z".
std::string format_time(SysTime t);

// Printable ASCII as is; other bytes as \xNN (error texts may carry raw reference ids).
std::string escape_text(std::string_view text);

// `ip=192.0.2.1 no_response=false offset=1.2ms rtt=3ms stratum=2 leap=0 error=""`
std::string to_log_fields(const ServerStatus& status);

// The report of `ntppool-agent check`: result, every §12.7 field, the diagnostics and one
// line per sample.
std::string render_check_result(const IpAddress& target, const CheckResult& result);

}  // namespace ntpmon::ntp
