#include "core/backoff.h"

#include <algorithm>

namespace ntpmon::agent {

Backoff::Backoff(BackoffSchedule schedule) : Backoff(schedule, std::random_device{}()) {}

Backoff::Backoff(BackoffSchedule schedule, std::uint64_t seed)
    : schedule_(schedule), current_(schedule.initial), rng_(seed) {}

std::chrono::milliseconds Backoff::next() {
  const double base = static_cast<double>(current_.count());
  const double spread = base * std::clamp(schedule_.jitter, 0.0, 1.0);
  std::uniform_real_distribution<double> dist(base - spread, base + spread);
  const auto delay = std::chrono::milliseconds(static_cast<std::int64_t>(spread > 0 ? dist(rng_) : base));
  const double grown = base * schedule_.multiplier;
  current_ = std::min(schedule_.max, std::chrono::milliseconds(static_cast<std::int64_t>(grown)));
  return delay;
}

void Backoff::reset() { current_ = schedule_.initial; }

}  // namespace ntpmon::agent
