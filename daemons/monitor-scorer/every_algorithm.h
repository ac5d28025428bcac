#pragma once
// The `every` scorer (§5): per server, in log_scores.id order over all regular monitors'
// rows, score = step + previous * 0.95, overridden with -20 when |offset| > 3 s. Starts at -5.

#include "algorithm.h"

namespace ntpmon::scorer {

class EveryAlgorithm final : public Algorithm {
 public:
  std::string_view name() const override { return kEvery; }
  ScorePolicy policy() const override { return ScorePolicy::always; }
  bool writes_overall_score() const override { return false; }
  void score(soci::session& session, const BatchInput& batch, ServerState& state, BatchOutput& out,
             const ScoringContext& context) override;
};

}  // namespace ntpmon::scorer
