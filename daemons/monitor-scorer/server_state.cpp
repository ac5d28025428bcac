#include "server_state.h"

#include <set>

#include "json_rows.h"
#include "sql/scorer.h"

namespace ntpmon::scorer {
namespace {

void load_rows(soci::session& session, const BatchInput& batch, ServerState& state) {
  for (const auto& span : batch.spans) {
    for (const auto& r : sql::GetScorerServerScores(session, span.first - 1, span.last, batch.scorer_id)) {
      state.rows.try_emplace(r.server_id, ScorerServerRow{r.id, r.score_raw, r.score_ts});
    }
  }
}

}  // namespace

ServerState load_server_state(soci::session& session, const BatchInput& batch) {
  ServerState state;
  load_rows(session, batch, state);
  for (const auto& span : batch.spans) {
    for (const auto& h : sql::GetScorerHistory(session, span.first - 1, span.last, batch.scorer_id)) {
      state.history.try_emplace(h.server_id, scoring::RecordedScore{h.ts, h.score});
    }
  }

  std::set<std::uint32_t> missing;
  for (const auto& r : batch.rows) {
    if (r.scorable() && !state.rows.count(r.server_id)) missing.insert(r.server_id);
  }
  if (missing.empty()) return state;
  JsonRows json;
  for (auto server : missing) {
    json.begin_row();
    json.field("s", server);
  }
  sql::CreateScorerServerScores(session, batch.scorer_id, json.take());
  state.created_rows = missing.size();
  load_rows(session, batch, state);  // the new rows' ids (this transaction sees its own rows)
  return state;
}

}  // namespace ntpmon::scorer
