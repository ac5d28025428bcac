#pragma once
// How the agent measures a server (spec/agent.md §12.2, §11.6): the check_host options from
// the operational config, and the ServerStatus it submits.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "api/messages.h"
#include "log/logger.h"
#include "monitor/operational_config.h"
#include "ntp/check_host.h"
#include "ntp/exchange.h"
#include "state/ip_config.h"

namespace ntpmon::agent {

struct MeasureSettings {
  // Measure loopback and private addresses too (tests and local demos only; §12.3 refuses
  // them otherwise).
  bool allow_local_targets = false;
  std::uint16_t port = ntp::kNtpPort;
  std::chrono::nanoseconds timeout = ntp::kDefaultTimeout;
  std::chrono::nanoseconds spacing = ntp::kSampleSpacing;
  // MONITOR_DEBUG_NTP_QUERIES=true: a debug line per NTP query (§12.5).
  bool debug_queries = false;
};

// The local address measurements of `family` are sent from: the NAT address when configured,
// else the monitor's own address (issue: "sockets bound to the monitor's own address per
// family"); none when neither is an address of the family, or when it is not an address of
// this host (then the OS chooses, with a warning, rather than every measurement failing).
std::optional<api::IpAddress> measurement_local_address(const OperationalConfig& config, AddressFamily family,
                                                        const log::Logger& logger);

// True when a UDP socket can be bound to `address` on this host.
bool is_local_address(const api::IpAddress& address);

ntp::CheckOptions check_options(const OperationalConfig& config, AddressFamily family,
                                const MeasureSettings& settings, const log::Logger& logger);

ntp::IpAddress to_ntp_address(const api::IpAddress& ip);

// The submitted status (§11.6 step 6): ticket copied, error/no_response from the result,
// ip_bytes exactly as the server sent them (the ticket signs them), ts = now.
api::ServerStatus submission_status(const ntp::CheckResult& result, const api::Server& server,
                                    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace ntpmon::agent
