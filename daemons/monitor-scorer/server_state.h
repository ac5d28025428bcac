#pragma once
// The per-server state one batch of a scorer works on: the scorer's own server_scores rows
// of the batch's servers (created at -5 where missing, §4.7) and its history (§4.8, B1/B2).
// Loaded with a few set-based queries per id span of the batch.

#include <chrono>
#include <cstdint>
#include <optional>
#include <unordered_map>

#include "batch_input.h"
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
  std::uint64_t created_rows = 0;                                      // server_scores rows inserted
};

// Every server of a scorable row of `batch` has its row in `rows` afterwards.
ServerState load_server_state(soci::session& session, const BatchInput& batch);

}  // namespace ntpmon::scorer
