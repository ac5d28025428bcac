#include "scoring/recent_median.h"

#include <algorithm>
#include <array>
#include <numeric>

#include "scoring/attributes.h"
#include "scoring/constants.h"

namespace ntpmon::scoring {
namespace {

struct Stage {
  std::chrono::seconds lookback;
  bool active, testing, candidate;
};

constexpr std::array<Stage, 3> kLadder{{
    {kRecentLookbackActive, true, false, false},
    {kRecentLookbackTesting, true, true, false},
    {kRecentLookbackAll, true, true, true},  // B7: active is included
}};

bool stage_accepts(const Stage& stage, PairStatus status) {
  switch (status) {
    case PairStatus::active: return stage.active;
    case PairStatus::testing: return stage.testing;
    case PairStatus::candidate: return stage.candidate;
    case PairStatus::paused: return false;
  }
  return false;
}

}  // namespace

std::optional<PairStatus> parse_pair_status(std::string_view text) noexcept {
  if (text == "candidate") return PairStatus::candidate;
  if (text == "testing") return PairStatus::testing;
  if (text == "active") return PairStatus::active;
  if (text == "paused") return PairStatus::paused;
  return std::nullopt;
}

CandidateSet recent_candidates(std::span<const RecentRow> rows, std::chrono::sys_seconds latest_ts,
                               const PairStatusLookup& status) {
  // The newest row of each monitor within the longest lookback: walking backwards from the
  // last row at or before latest_ts, the first row met of a monitor is its newest (and, among
  // equal ts, the one with the highest id).
  struct Newest {
    std::size_t row;
    std::optional<PairStatus> status;
  };
  std::vector<Newest> newest;  // a server has a handful of monitors: a linear search is fastest
  const auto oldest_ts = latest_ts - kRecentLookbackAll;
  auto end = std::upper_bound(rows.begin(), rows.end(), latest_ts,
                              [](std::chrono::sys_seconds t, const RecentRow& r) { return t < r.ts; });
  for (auto it = end; it != rows.begin();) {
    --it;
    if (it->ts < oldest_ts) break;
    const auto monitor = it->monitor_id;
    if (std::any_of(newest.begin(), newest.end(), [&](const Newest& n) { return rows[n.row].monitor_id == monitor; })) {
      continue;
    }
    newest.push_back({static_cast<std::size_t>(it - rows.begin()), status(it->monitor_id)});
  }

  CandidateSet out;
  for (std::size_t s = 0; s < kLadder.size(); ++s) {
    const auto from = latest_ts - kLadder[s].lookback;
    for (const auto& n : newest) {
      if (n.status && stage_accepts(kLadder[s], *n.status) && rows[n.row].ts >= from) out.rows.push_back(n.row);
    }
    if (!out.rows.empty()) {
      out.stage = static_cast<int>(s) + 1;
      std::sort(out.rows.begin(), out.rows.end());  // row order is (ts, id) order
      return out;
    }
  }
  return out;
}

std::string recent_median_attributes(std::optional<std::string_view> chosen_attributes,
                                     const MedianProvenance& p) {
  Attributes a;
  if (chosen_attributes) a = parse_attributes(*chosen_attributes);
  a.from_ls_id = static_cast<std::int64_t>(p.input_ls_id);
  a.from_ss_id = static_cast<std::int64_t>(p.scorer_ss_id);
  a.chosen_ls_id = static_cast<std::int64_t>(p.chosen_ls_id);
  a.chosen_monitor_id = static_cast<std::int64_t>(p.chosen_monitor_id);
  return to_json(a);
}

std::size_t pick_median(std::span<const RecentRow> candidates) {
  const std::size_t n = candidates.size();
  if (n < kMedianMinimum) return 0;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto& x = candidates[a];
    const auto& y = candidates[b];
    if (x.score != y.score) return x.score < y.score;
    return x.rtt < y.rtt;
  });
  std::size_t i = n / 2;
  if (n % 2 == 0) --i;
  return order[i];
}

}  // namespace ntpmon::scoring
