#pragma once
// The two score recurrences (spec/scorer.md §2.6 and §5). Sequential by nature, so they are
// C++ rather than SQL: each score depends on the one before.

#include <optional>

#include "scoring/step.h"

namespace ntpmon::scoring {

// §2.6, the (server, monitor) score of the submit path: previous * 0.95 + step, then lowered
// to the cap if there is one (a cap never raises a score).
double next_monitor_score(double previous, double step, std::optional<double> max_score) noexcept;
inline double next_monitor_score(double previous, const StepResult& r) noexcept {
  return next_monitor_score(previous, r.step, r.max_score);
}

// §5, the `every` scorer: step + previous * 0.95, OVERRIDDEN with -20 when the input row's
// offset (seconds, truncated to integer nanoseconds) is beyond 3 s; this can raise a score
// below -20 (kept as in the original, B6). A NaN or unrepresentable offset counts as beyond.
double next_every_score(double previous, double step, std::optional<double> offset_seconds) noexcept;

}  // namespace ntpmon::scoring
