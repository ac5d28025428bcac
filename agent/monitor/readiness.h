#pragma once
// Waiting until the agent can monitor (spec/agent.md §9 with the project decisions): an API
// key, a usable certificate, and at least one enabled family live. Each missing piece is
// waited for with its own backoff (§9 table), and every configuration change (a new key from
// `setup`, a certificate, a status change) re-evaluates at once. Nothing here is fatal
// (decision "resilience"): an unreachable API, a 401, a missing certificate are logged and
// retried until a stop request.

#include <functional>
#include <optional>
#include <stop_token>
#include <string>

#include "core/backoff.h"
#include "log/logger.h"
#include "state/app_config.h"

namespace ntpmon::agent {

struct ReadinessOptions {
  bool ipv4 = true;  // families the agent monitors
  bool ipv6 = true;
  BackoffSchedule missing_key = kMissingApiKeyBackoff;
  BackoffSchedule unauthorized = kUnauthorizedBackoff;
  BackoffSchedule api_error = kApiErrorBackoff;
  BackoffSchedule certificate = kCertificateBackoff;
  BackoffSchedule activation = kActivationBackoff;
  // The command an operator runs to register (logged while the key is missing).
  std::string setup_command;
  // Called once, on the first missing-key wait, when stdin is a terminal (§9.1 TTY hint).
  std::function<void(const std::string& setup_command)> print_setup_hint;
};

enum class Readiness { missing_api_key, unauthorized, api_error, no_certificate, not_live, ready };

// What is missing now, given the outcome of the last load.
Readiness evaluate_readiness(const AppConfig& app, const std::optional<LoadOutcome>& last_load,
                             const ReadinessOptions& options);

// Waits until ready (true) or stopped (false). `last_load` is the outcome of the startup load.
bool wait_until_ready(AppConfig& app, std::optional<LoadOutcome> last_load, const ReadinessOptions& options,
                      const log::Logger& logger, std::stop_token stop);

}  // namespace ntpmon::agent
