#include "runtime/backoff.h"

#include <algorithm>
#include <cmath>

namespace ntpmon::runtime {

namespace {

BackoffPolicy sanitized(BackoffPolicy p) {
  if (p.initial.count() < 0) p.initial = std::chrono::milliseconds(0);
  if (p.max < p.initial) p.max = p.initial;
  if (!(p.factor >= 1.0)) p.factor = 1.0;
  p.jitter = std::clamp(p.jitter, 0.0, 1.0);
  return p;
}

}  // namespace

Backoff::Backoff(BackoffPolicy policy) : Backoff(policy, std::random_device{}()) {}

Backoff::Backoff(BackoffPolicy policy, std::uint64_t seed)
    : policy_(sanitized(policy)), base_(policy_.initial), rng_(seed) {}

std::chrono::milliseconds Backoff::next() {
  auto delay = base_;
  double grown = std::ceil(static_cast<double>(base_.count()) * policy_.factor);
  base_ = grown >= static_cast<double>(policy_.max.count())
              ? policy_.max
              : std::chrono::milliseconds(static_cast<std::int64_t>(grown));
  if (policy_.jitter > 0.0 && delay.count() > 0) {
    double d = static_cast<double>(delay.count());
    std::uniform_real_distribution<double> dist(d * (1.0 - policy_.jitter), d);
    delay = std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(dist(rng_))));
  }
  return delay;
}

void Backoff::reset() { base_ = policy_.initial; }

}  // namespace ntpmon::runtime
