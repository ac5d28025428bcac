#pragma once
// An independent computation of what monitor-scorer must produce for a static set of
// log_scores rows (all committed before the scorer runs), written straight from the spec
// (§4.7, §4.8 with B1/B2, §5, §6 with B7/B9/B10, B15) without the daemon's batching or cache:
// plain loops over all rows.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scorer_scenario.h"

namespace soci {
class session;
}

namespace ntpmon::test {

struct OutRow {
  std::uint32_t server_id = 0;
  std::chrono::sys_seconds ts{};
  double score = 0;
  double step = 0;
  std::optional<double> offset;
  std::optional<std::int32_t> rtt;
  std::optional<std::string> attributes;
  bool operator==(const OutRow&) const = default;
};

struct ScoreAt {
  double score = 0;
  std::chrono::sys_seconds ts{};
  bool operator==(const ScoreAt&) const = default;
};

struct ScorerResult {
  std::map<std::uint32_t, std::vector<OutRow>> log_rows;   // per server, in write order
  std::map<std::uint32_t, ScoreAt> server_scores;          // the scorer's own rows
  std::map<std::uint32_t, ScoreAt> overall;                // servers.score_raw/score_ts (recentmedian)
};

// `every` over `rows` (ascending id), every server starting at -5.
ScorerResult expected_every(const std::vector<ScenarioRow>& rows);

// recentmedian: candidates from `rows` (all of them are in the table), pair statuses from
// `pairs`; `ss_ids` are the scorer's server_scores ids (from_ss_id); `now` decides the 3 h
// skip rule. Rows without candidates that are not old enough make it throw.
ScorerResult expected_recentmedian(const std::vector<ScenarioRow>& rows, const std::vector<ScenarioPair>& pairs,
                                   const std::map<std::uint32_t, std::uint64_t>& ss_ids, std::chrono::sys_seconds now);

// What a scorer wrote, read back from the database. `overall` only for the main scorer.
ScorerResult actual_result(soci::session& session, std::uint32_t scorer_id, bool overall);

// server_id -> server_scores.id of a scorer.
std::map<std::uint32_t, std::uint64_t> scorer_server_score_ids(soci::session& session, std::uint32_t scorer_id);

std::uint32_t scorer_id(soci::session& session, const std::string& hostname);

}  // namespace ntpmon::test
