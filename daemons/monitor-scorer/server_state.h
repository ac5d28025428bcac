#pragma once
// The per-server state of one scorer: its own server_scores rows (created at -5 where
// missing, §4.7) and its history (§4.8, B1/B2: the last log_scores row it wrote for each
// server, GetScorerHistory). Only the scorer writes them, under its lock,
// so a process reads them all once and then keeps them up to date in memory as its batches
// commit; it reads them again when a batch does not continue its last one (Continuity), after
// a failed batch, and at least every 10 minutes.

#include <chrono>
#include <cstdint>
#include <optional>
#include <unordered_map>

#include "batch_input.h"
#include "continuity.h"
#include "scoring/history.h"

namespace soci {
class session;
}

namespace ntpmon::scorer {

struct ScorerServerRow {
  std::uint64_t id = 0;  // server_scores.id (recentmedian's from_ss_id)
  double score_raw = 0;
  std::optional<std::chrono::sys_seconds> score_ts;
};

struct ServerState {
  std::unordered_map<std::uint32_t, ScorerServerRow> rows;
  std::unordered_map<std::uint32_t, scoring::RecordedScore> history;  // absent: nothing written yet
  std::uint64_t created_rows = 0;                                      // server_scores rows inserted by this batch
};

class ServerStateCache {
 public:
  static constexpr std::chrono::minutes kMaxAge{10};

  // The state for `batch` (in its transaction): every server of a scorable row has its row.
  // The batch changes it as it computes; committed() keeps the changes, reset() drops them.
  ServerState& prepare(soci::session& session, const BatchInput& batch);
  void committed(const BatchInput& batch);
  void reset();

 private:
  void load(soci::session& session, std::uint32_t scorer_id);

  ServerState state_;
  Continuity continuity_;
  bool loaded_ = false;
  std::chrono::steady_clock::time_point loaded_at_{};
};

}  // namespace ntpmon::scorer
