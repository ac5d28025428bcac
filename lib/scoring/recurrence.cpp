#include "scoring/recurrence.h"

#include <cmath>
#include <cstdint>

#include "scoring/constants.h"

namespace ntpmon::scoring {
namespace {

// Go: time.Duration(offset * float64(time.Second)).Abs() > 3*time.Second.
bool offset_beyond_large(double offset_seconds) noexcept {
  const double ns = offset_seconds * 1e9;
  // Outside int64 (or NaN) Go's conversion yields the most negative duration, whose Abs is the
  // largest: beyond 3 s.
  if (!(ns > -9.2e18 && ns < 9.2e18)) return true;
  const auto truncated = static_cast<std::int64_t>(ns);
  const auto magnitude = truncated < 0 ? -truncated : truncated;
  return magnitude > kLargeOffsetNs;
}

}  // namespace

double next_monitor_score(double previous, double step, std::optional<double> max_score) noexcept {
  const double decayed = previous * kDecay;
  double next = decayed + step;
  if (max_score && next > *max_score) next = *max_score;
  return next;
}

double next_every_score(double previous, double step, std::optional<double> offset_seconds) noexcept {
  const double decayed = previous * kDecay;
  double score = step + decayed;
  if (offset_seconds && offset_beyond_large(*offset_seconds)) score = kLargeOffsetCap;
  return score;
}

}  // namespace ntpmon::scoring
