#include "continuity.h"

namespace ntpmon::scorer {
namespace {

std::vector<IdSpan> spans_of(const std::vector<GapRecord>& gaps) {
  std::vector<IdSpan> out;
  out.reserve(gaps.size());
  for (const auto& g : gaps) out.push_back(g.span);
  return out;
}

}  // namespace

bool Continuity::continues(const BatchInput& batch) const {
  return cursor_ && *cursor_ == batch.cursor && gaps_ == spans_of(batch.gaps_before);
}

void Continuity::committed(const BatchInput& batch) {
  cursor_ = batch.new_cursor;
  gaps_ = spans_of(batch.gaps_after);
}

void Continuity::reset() {
  cursor_.reset();
  gaps_.clear();
}

}  // namespace ntpmon::scorer
