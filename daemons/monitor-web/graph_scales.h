#pragma once
// The scales of the score graph (spec scores-api.md §4.3).

#include <cstdint>
#include <optional>
#include <span>

namespace ntpmon::web {

// sign(v) * sqrt(|v|)
double signed_sqrt(double v);

// UTC time -> [0, width]; a single instant maps to the middle.
struct TimeScale {
  std::int64_t min_ms = 0;
  std::int64_t max_ms = 0;
  double width = 0;
  double operator()(std::int64_t ms) const;
};

// Offsets (seconds) on a signed square-root scale, omax at the top, clamped to [0, height].
struct OffsetScale {
  double omax = 0;  // largest offset, capped at +2 s (0 when there is none)
  double omin = 0;  // smallest offset, floored at -2 s
  double height = 0;
  double operator()(double offset) const;

  // The domain of a set of offsets.
  static OffsetScale from_offsets(std::span<const std::optional<double>> offsets, double height);
};

// Scores on a signed square-root scale, 25 at the top and -105 at the bottom, not clamped.
struct ScoreScale {
  double height = 0;
  double operator()(double score) const;
};

}  // namespace ntpmon::web
