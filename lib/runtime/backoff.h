#pragma once
// Capped exponential backoff with optional jitter.
//
// Without jitter the delays are initial, initial*factor, initial*factor^2, ... capped at max.
// With jitter j (0..1) each delay is drawn uniformly from [d*(1-j), d] around that sequence,
// so clients that failed together do not retry together.

#include <chrono>
#include <cstdint>
#include <random>

namespace ntpmon::runtime {

struct BackoffPolicy {
  std::chrono::milliseconds initial{100};
  double factor = 2.0;
  std::chrono::milliseconds max{5000};
  double jitter = 0.0;
};

class Backoff {
 public:
  explicit Backoff(BackoffPolicy policy);
  Backoff(BackoffPolicy policy, std::uint64_t seed);  // reproducible jitter

  // The next delay; advances the sequence.
  std::chrono::milliseconds next();
  // Back to `initial`.
  void reset();

  // The delay next() would return without jitter.
  std::chrono::milliseconds current_base() const { return base_; }
  const BackoffPolicy& policy() const { return policy_; }

 private:
  BackoffPolicy policy_;
  std::chrono::milliseconds base_;
  std::mt19937_64 rng_;
};

}  // namespace ntpmon::runtime
