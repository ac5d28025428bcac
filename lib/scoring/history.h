#pragma once
// Whether a scorer writes a `log_scores` row for a newly computed score (spec/scorer.md §4.8),
// with the project's B1/B2 fix: the decision is made on the COMPUTED scorer score, per
// (server, scorer), against the last row that scorer actually wrote for the server. The state
// is one value per (scorer, server): that row's ts and score. monitor-scorer reads it back
// from log_scores (GetScorerHistory), so a rolled-back batch leaves no trace and a restart
// changes nothing.

#include <chrono>
#include <optional>

namespace ntpmon::scoring {

struct RecordedScore {
  std::chrono::sys_seconds ts;
  double score = 0;
  bool operator==(const RecordedScore&) const = default;
};

// True when `candidate` is worth a row; then `last` becomes `candidate`. False when it is older
// than `last` (not recorded), identical (|diff| <= 1e-12) within 15 minutes, or within 5 % of
// `last.score` within 5 minutes. "Within" is strict: exactly 15 (5) minutes later is new.
bool record_if_new(std::optional<RecordedScore>& last, const RecordedScore& candidate) noexcept;

// §4.8 close(a, b), b being the remembered score.
bool scores_close(double a, double remembered) noexcept;

}  // namespace ntpmon::scoring
