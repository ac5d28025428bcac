#include "server_state.h"

#include "sql/scorer.h"

namespace ntpmon::scorer {

ServerState load_server_state(soci::session& session, std::uint32_t scorer_id, std::span<const IdSpan> spans) {
  ServerState state;
  for (const auto& span : spans) {
    const std::uint64_t after = span.first - 1;
    state.created_rows += sql::CreateScorerServerScores(session, scorer_id, after, span.last);
    for (const auto& r : sql::GetScorerServerScores(session, after, span.last, scorer_id)) {
      state.rows.try_emplace(r.server_id, ScorerServerRow{r.id, r.score_raw, r.score_ts});
    }
    for (const auto& h : sql::GetScorerHistory(session, after, span.last, scorer_id)) {
      state.history.try_emplace(h.server_id, scoring::RecordedScore{h.ts, h.score});
    }
  }
  return state;
}

}  // namespace ntpmon::scorer
