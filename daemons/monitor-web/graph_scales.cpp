#include "graph_scales.h"

#include <algorithm>
#include <cmath>

namespace ntpmon::web {

double signed_sqrt(double v) { return v < 0 ? -std::sqrt(-v) : std::sqrt(v); }

double TimeScale::operator()(std::int64_t ms) const {
  if (max_ms == min_ms) return width / 2;
  return static_cast<double>(ms - min_ms) / static_cast<double>(max_ms - min_ms) * width;
}

double OffsetScale::operator()(double offset) const {
  if (omax == omin) return height / 2;
  double y = (signed_sqrt(omax) - signed_sqrt(offset)) / (signed_sqrt(omax) - signed_sqrt(omin)) * height;
  return std::clamp(y, 0.0, height);
}

OffsetScale OffsetScale::from_offsets(std::span<const std::optional<double>> offsets, double height) {
  OffsetScale scale;
  scale.height = height;
  bool any = false;
  for (const auto& o : offsets) {
    if (!o) continue;
    if (!any) {
      scale.omax = scale.omin = *o;
      any = true;
    } else {
      scale.omax = std::max(scale.omax, *o);
      scale.omin = std::min(scale.omin, *o);
    }
  }
  scale.omax = std::min(scale.omax, 2.0);
  scale.omin = std::max(scale.omin, -2.0);
  return scale;
}

double ScoreScale::operator()(double score) const {
  return (std::sqrt(25.0) - signed_sqrt(score)) / (std::sqrt(25.0) + std::sqrt(105.0)) * height;
}

}  // namespace ntpmon::web
