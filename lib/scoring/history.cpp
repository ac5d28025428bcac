#include "scoring/history.h"

#include <cmath>

#include "scoring/constants.h"

namespace ntpmon::scoring {

bool scores_close(double a, double remembered) noexcept {
  if (a == 0 && remembered == 0) return true;
  if (a == 0 || remembered == 0) return std::fabs(a - remembered) <= kScoreEpsilon;
  return std::fabs(a - remembered) <= std::fabs(remembered) * kSimilarityThreshold;
}

bool record_if_new(std::optional<RecordedScore>& last, const RecordedScore& candidate) noexcept {
  if (last) {
    if (candidate.ts < last->ts) return false;  // out of order: not recorded
    const bool identical = std::fabs(candidate.score - last->score) <= kScoreEpsilon;
    if (identical && last->ts + kMinScoreInterval > candidate.ts) return false;
    if (scores_close(candidate.score, last->score) && last->ts + kFastScoreInterval > candidate.ts) return false;
  }
  last = candidate;
  return true;
}

}  // namespace ntpmon::scoring
