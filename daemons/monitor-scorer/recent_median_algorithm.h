#pragma once
// The `recentmedian` scorer (§6, with B7, B9, B10): for each input row, the newest row of each
// monitor whose pair is in the first non-empty stage of the ladder, then the (lower) median.
// Its candidate rows come from RecentRowsCache (or, for a row much older than its batch, a
// direct read of its server's window); the pair statuses are read per batch.

#include <chrono>
#include <optional>
#include <unordered_map>

#include "algorithm.h"
#include "recent_rows_cache.h"

namespace ntpmon::scorer {

class RecentMedianAlgorithm final : public Algorithm {
 public:
  std::string_view name() const override { return kRecentMedian; }
  ScorePolicy policy() const override { return ScorePolicy::not_backwards; }
  bool writes_overall_score() const override { return true; }
  void score(soci::session& session, const BatchInput& batch, ServerState& state, BatchOutput& out,
             const ScoringContext& context) override;
  void committed(const BatchInput& batch) override { cache_.committed(batch); }
  void failed() override {
    cache_.reset();
    statuses_loaded_.reset();
  }

  const RecentRowsCache& cache() const { return cache_; }

  // How old the pair statuses may get before they are read again.
  static constexpr std::chrono::seconds kStatusMaxAge{60};

 private:
  void refresh_statuses(soci::session& session);

  RecentRowsCache cache_;
  std::unordered_map<std::uint64_t, scoring::PairStatus> statuses_;  // (server << 32 | monitor)
  std::optional<std::chrono::steady_clock::time_point> statuses_loaded_;
};

}  // namespace ntpmon::scorer
