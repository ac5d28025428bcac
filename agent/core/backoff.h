#pragma once
// The agent's exponential backoff (spec/agent.md §9): each next() returns the current
// interval randomised by ±jitter, then the interval grows by the multiplier up to the
// maximum; reset() goes back to the initial interval. It never gives up.
//
// (runtime::Backoff of lib/runtime draws its jitter below the interval only; the agent's
// schedules are specified with symmetric jitter, hence this small class.)

#include <chrono>
#include <cstdint>
#include <random>

namespace ntpmon::agent {

struct BackoffSchedule {
  std::chrono::milliseconds initial;
  std::chrono::milliseconds max;
  double jitter = 0.1;
  double multiplier = 1.5;
};

// The schedules of §9 and §11.5.
inline constexpr BackoffSchedule kMissingApiKeyBackoff{std::chrono::seconds(30), std::chrono::minutes(5)};
inline constexpr BackoffSchedule kUnauthorizedBackoff{std::chrono::minutes(10), std::chrono::hours(4)};
inline constexpr BackoffSchedule kCertificateBackoff{std::chrono::seconds(4), std::chrono::minutes(2)};
inline constexpr BackoffSchedule kActivationBackoff{std::chrono::minutes(1), std::chrono::minutes(20)};
inline constexpr BackoffSchedule kBatchBackoff{std::chrono::seconds(3), std::chrono::minutes(2), 0.3};
// Project decision "resilience": an unreachable or failing API is retried, never fatal.
inline constexpr BackoffSchedule kApiErrorBackoff{std::chrono::seconds(5), std::chrono::minutes(5)};

class Backoff {
 public:
  explicit Backoff(BackoffSchedule schedule);
  Backoff(BackoffSchedule schedule, std::uint64_t seed);

  std::chrono::milliseconds next();
  void reset();
  // The interval the next call randomises.
  std::chrono::milliseconds current() const { return current_; }
  const BackoffSchedule& schedule() const { return schedule_; }

 private:
  BackoffSchedule schedule_;
  std::chrono::milliseconds current_;
  std::mt19937_64 rng_;
};

}  // namespace ntpmon::agent
