#pragma once
// The `recentmedian` scorer's choice (spec/scorer.md §6) as pure functions, with the project's
// fixes: stage 3 of the ladder includes `active` monitors (B7) and each monitor contributes at
// most its newest row (B9, ties on ts broken by the highest id).
//
// The caller supplies one server's `log_scores` rows of regular (type='monitor') monitors,
// sorted by (ts, id), and the status of each (server, monitor) pair.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ntpmon::scoring {

// server_scores.status of a (server, regular monitor) pair.
enum class PairStatus : std::uint8_t { candidate, testing, active, paused };

std::optional<PairStatus> parse_pair_status(std::string_view text) noexcept;

struct RecentRow {
  std::uint64_t id = 0;
  std::chrono::sys_seconds ts;
  double score = 0;
  double step = 0;
  std::uint32_t monitor_id = 0;
  std::int32_t rtt = 0;    // microseconds; 0 when NULL (the median treats NULL as 0)
  bool has_attributes = false;
};

// Orders rows as the candidate query does: ts, then id.
inline bool recent_row_before(const RecentRow& a, const RecentRow& b) noexcept {
  return a.ts != b.ts ? a.ts < b.ts : a.id < b.id;
}

// The status of the pair (server, monitor_id); nullopt when the pair has no row.
using PairStatusLookup = std::function<std::optional<PairStatus>(std::uint32_t monitor_id)>;

struct CandidateSet {
  int stage = 0;                      // 1..3; 0 when nothing was found
  std::vector<std::size_t> rows;      // indexes into the server's rows, sorted by (ts, id)
};

// §6.1-§6.2: the first stage of the ladder with any rows in [latest_ts - lookback, latest_ts]
// (both inclusive) from a monitor whose pair status is in the stage's set:
//   1: active, 1200 s   2: active/testing, 2700 s   3: active/testing/candidate, 7200 s.
// `rows` must be sorted by (ts, id).
CandidateSet recent_candidates(std::span<const RecentRow> rows, std::chrono::sys_seconds latest_ts,
                               const PairStatusLookup& status);

// §6.4 with the B10 fix: the output row's attributes. The chosen row's attributes (NULL: none)
// parsed per §2.7 (unknown keys dropped), then from_ls_id = the input row, from_ss_id = the
// scorer's server_scores row, chosen_ls_id / chosen_monitor_id = the chosen row. Throws
// AttributesError when the chosen row's attributes do not parse (vector A5).
struct MedianProvenance {
  std::uint64_t input_ls_id = 0;
  std::uint64_t scorer_ss_id = 0;
  std::uint64_t chosen_ls_id = 0;
  std::uint32_t chosen_monitor_id = 0;
};
std::string recent_median_attributes(std::optional<std::string_view> chosen_attributes,
                                     const MedianProvenance& provenance);

// §6.3: fewer than 3 rows -> the first (earliest ts); otherwise a stable sort by (score, rtt)
// and the middle row, the lower one for an even count. `candidates` are in (ts, id) order.
// Returns an index into `candidates`. Precondition: not empty.
std::size_t pick_median(std::span<const RecentRow> candidates);

}  // namespace ntpmon::scoring
