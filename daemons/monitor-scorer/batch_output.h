#pragma once
// What a batch of one scorer writes, accumulated row by row in processing order and written
// with the set-based procedures of sql/procedures/scorer_writes.sql.
//
// For each computed scorer score (§4.7):
//   * a log_scores row when the scorer history finds it new (§4.8 with B1/B2: decided on the
//     computed score against the last row this scorer wrote for the server; the history is
//     that row, so it needs no writes of its own);
//   * the scorer's server_scores row: `every` always takes the new score (it is the state of
//     its recurrence) and score_ts never moves backwards (B15); recentmedian takes a score
//     only when its ts is not older than the row's score_ts (B15);
//   * recentmedian only: servers.score_raw/score_ts when the ts is newer (§4.7; the SQL
//     compares with the stored value, here the batch keeps the first row of the newest ts,
//     as row-by-row updates with that guard would).

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "server_state.h"

namespace soci {
class session;
}

namespace ntpmon::scorer {

// One computed scorer score, as it would be written to log_scores.
struct ScoredRow {
  std::uint32_t server_id = 0;
  std::chrono::sys_seconds ts{};
  double score = 0;
  double step = 0;
  std::optional<double> offset;
  std::optional<std::int32_t> rtt;
  std::optional<std::string> attributes;
};

enum class ScorePolicy {
  always,         // `every`
  not_backwards,  // recentmedian
};

struct WriteCounts {
  std::uint64_t log_scores = 0;
  std::uint64_t server_scores = 0;
  std::uint64_t servers = 0;
  std::uint64_t server_scores_created = 0;  // filled in by the caller (load_server_state)
};

class BatchOutput {
 public:
  BatchOutput(ScorePolicy policy, bool writes_overall_score) : policy_(policy), overall_(writes_overall_score) {}

  // Applies one computed score to `state` and records its writes.
  void add(ServerState& state, ScoredRow row);

  // Writes everything (in the caller's transaction) and returns the row counts.
  WriteCounts write(soci::session& session, std::uint32_t scorer_id) const;

  std::size_t log_rows() const { return log_rows_.size(); }

 private:
  struct Final {
    double score = 0;
    std::chrono::sys_seconds ts{};
  };
  ScorePolicy policy_;
  bool overall_;
  std::vector<ScoredRow> log_rows_;
  std::map<std::uint32_t, Final> server_scores_;
  std::map<std::uint32_t, Final> overall_scores_;
};

}  // namespace ntpmon::scorer
