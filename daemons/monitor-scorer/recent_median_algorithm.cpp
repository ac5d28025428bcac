#include "recent_median_algorithm.h"

#include <algorithm>
#include <unordered_map>

#include "scoring/attributes.h"
#include "scoring/constants.h"
#include "scoring_error.h"
#include "sql/scorer.h"

namespace ntpmon::scorer {
namespace {

using PairKey = std::uint64_t;
PairKey pair_key(std::uint32_t server, std::uint32_t monitor) { return (std::uint64_t{server} << 32) | monitor; }

scoring::PairStatus to_pair_status(sql::ServerScoresStatus s) {
  switch (s) {
    case sql::ServerScoresStatus::candidate: return scoring::PairStatus::candidate;
    case sql::ServerScoresStatus::testing: return scoring::PairStatus::testing;
    case sql::ServerScoresStatus::active: return scoring::PairStatus::active;
    case sql::ServerScoresStatus::paused: return scoring::PairStatus::paused;
  }
  return scoring::PairStatus::paused;
}

// A window read directly (an input row much older than the rest of its batch).
struct DirectWindow {
  std::vector<scoring::RecentRow> rows;
  std::unordered_map<std::uint64_t, std::string> attributes;
};

DirectWindow read_window(soci::session& session, std::uint32_t server_id, std::chrono::sys_seconds ts) {
  DirectWindow w;
  for (auto& r : sql::GetServerMonitorRows(session, server_id, ts - scoring::kRecentLookbackAll, ts)) {
    if (!r.monitor_id) continue;
    w.rows.push_back(to_recent_row(r.id, *r.monitor_id, r.ts, r.score, r.step, r.rtt, r.attributes.has_value()));
    if (r.attributes) w.attributes.emplace(r.id, std::move(*r.attributes));
  }
  std::sort(w.rows.begin(), w.rows.end(), scoring::recent_row_before);
  return w;
}

}  // namespace

void RecentMedianAlgorithm::refresh_statuses(soci::session& session) {
  const auto now = std::chrono::steady_clock::now();
  if (statuses_loaded_ && now - *statuses_loaded_ < kStatusMaxAge) return;
  statuses_.clear();
  for (const auto& p : sql::GetPairStatuses(session)) {
    statuses_.emplace(pair_key(p.server_id, p.monitor_id), to_pair_status(p.status));
  }
  statuses_loaded_ = now;
}

void RecentMedianAlgorithm::score(soci::session& session, const BatchInput& batch, ServerState& state,
                                  BatchOutput& out, const ScoringContext& context) {
  cache_.prepare(session, batch);
  refresh_statuses(session);
  const auto& statuses = statuses_;

  std::vector<scoring::RecentRow> candidates;
  for (const auto& r : batch.rows) {
    if (!r.scorable()) continue;
    const auto status = [&](std::uint32_t monitor) -> std::optional<scoring::PairStatus> {
      auto it = statuses.find(pair_key(r.server_id, monitor));
      if (it == statuses.end()) return std::nullopt;
      return it->second;
    };

    std::optional<DirectWindow> direct;
    auto rows = cache_.window(r.server_id, r.ts);
    if (!rows) {
      direct = read_window(session, r.server_id, r.ts);
      rows = std::span<const scoring::RecentRow>(direct->rows);
    }
    const auto set = scoring::recent_candidates(*rows, r.ts, status);

    // §4.9: a row that cannot be scored is skipped when older than 3 h, else the batch fails.
    const auto cannot_score = [&](const std::string& reason, const std::string& problem) {
      if (r.ts < context.now - scoring::kSkipOldRowsAfter) {
        if (context.skipped) context.skipped->push_back({r.id, r.server_id, reason, problem});
        return;
      }
      throw ScoringError(name(), r.id, r.server_id, problem);
    };
    if (set.rows.empty()) {
      cannot_score("no_recent_scores", "no recent scores found for " + std::to_string(r.server_id));
      continue;
    }

    candidates.clear();
    for (auto i : set.rows) candidates.push_back((*rows)[i]);
    const auto& chosen = candidates[scoring::pick_median(candidates)];

    std::optional<std::string_view> chosen_attributes;
    if (chosen.has_attributes) {
      if (direct) {
        auto it = direct->attributes.find(chosen.id);
        if (it != direct->attributes.end()) chosen_attributes = it->second;
      } else {
        chosen_attributes = cache_.attributes(chosen.id);
      }
    }
    const auto& ss = state.rows.at(r.server_id);
    std::string attributes;
    try {
      attributes = scoring::recent_median_attributes(
          chosen_attributes, {.input_ls_id = r.id, .scorer_ss_id = ss.id, .chosen_ls_id = chosen.id,
                              .chosen_monitor_id = chosen.monitor_id});
    } catch (const scoring::AttributesError& e) {
      cannot_score("bad_attributes", "log_scores row " + std::to_string(chosen.id) + ": " + e.what());
      continue;
    }

    ScoredRow s;
    s.server_id = r.server_id;
    s.ts = r.ts;  // the input row's ts, not the chosen row's (§6.4)
    s.score = chosen.score;
    s.step = chosen.step;
    s.attributes = std::move(attributes);  // offset and rtt stay NULL
    out.add(state, std::move(s));
  }
}

}  // namespace ntpmon::scorer
