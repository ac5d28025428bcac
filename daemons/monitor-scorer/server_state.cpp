#include "server_state.h"

#include <set>

#include "json_rows.h"
#include "sql/scorer.h"

namespace ntpmon::scorer {
namespace {

void load_rows(soci::session& session, std::uint32_t scorer_id, ServerState& state) {
  state.rows.clear();
  for (const auto& r : sql::GetScorerServerScores(session, scorer_id)) {
    state.rows.emplace(r.server_id, ScorerServerRow{r.id, r.score_raw, r.score_ts});
  }
}

}  // namespace

void ServerStateCache::load(soci::session& session, std::uint32_t scorer_id) {
  state_ = ServerState{};
  load_rows(session, scorer_id, state_);
  for (const auto& h : sql::GetScorerHistory(session, scorer_id)) {
    state_.history.emplace(h.server_id, scoring::RecordedScore{h.ts, h.score});
  }
  loaded_ = true;
  loaded_at_ = std::chrono::steady_clock::now();
}

ServerState& ServerStateCache::prepare(soci::session& session, const BatchInput& batch) {
  if (!loaded_ || !continuity_.continues(batch) || std::chrono::steady_clock::now() - loaded_at_ > kMaxAge) {
    load(session, batch.scorer_id);
  }
  state_.created_rows = 0;

  std::set<std::uint32_t> missing;
  for (const auto& r : batch.rows) {
    if (r.scorable() && !state_.rows.count(r.server_id)) missing.insert(r.server_id);
  }
  if (missing.empty()) return state_;
  JsonRows json;
  for (auto server : missing) {
    json.begin_row();
    json.field("s", server);
  }
  sql::CreateScorerServerScores(session, batch.scorer_id, json.take());
  load_rows(session, batch.scorer_id, state_);  // the new rows' ids (the transaction sees its own rows)
  state_.created_rows = missing.size();
  return state_;
}

void ServerStateCache::committed(const BatchInput& batch) { continuity_.committed(batch); }

void ServerStateCache::reset() {
  loaded_ = false;
  continuity_.reset();
  state_ = ServerState{};
}

}  // namespace ntpmon::scorer
