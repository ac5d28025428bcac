#include "batch_input.h"

#include <algorithm>

#include "shared_fetch.h"
#include "sql/scorer.h"

namespace ntpmon::scorer {
namespace {

bool lock_scorer(soci::session& session, std::uint32_t scorer_id, LockMode mode) {
  if (mode == LockMode::wait) return sql::LockScorer(session, scorer_id).has_value();
  return sql::TryLockScorer(session, scorer_id).has_value();
}

// The cursor, or the pending start; nullopt when the scorer has neither.
std::optional<std::uint64_t> read_cursor(soci::session& session, std::uint32_t scorer_id, bool& pending) {
  pending = false;
  if (auto c = sql::GetScorerCursor(session, scorer_id); c && c->log_score_id) return *c->log_score_id;
  if (auto p = sql::GetScorerPendingStart(session, scorer_id)) {
    pending = true;
    return p->start_after_id;
  }
  return std::nullopt;
}

// The rows that appeared in the gaps, and what is left of each gap afterwards.
void read_gaps(soci::session& session, BatchInput& batch, const BatchOptions& options) {
  for (auto& g : sql::GetScorerGaps(session, static_cast<std::uint32_t>(options.gap_horizon.count()), batch.scorer_id)) {
    batch.gaps_before.push_back({{g.first_id, g.last_id}, g.first_seen, g.expired});
  }
  if (batch.gaps_before.empty()) return;
  std::vector<InputRow> found;
  for (auto& r : sql::GetLogScoresInScorerGaps(session, batch.scorer_id)) found.push_back(to_input_row(std::move(r)));
  for (const auto& gap : batch.gaps_before) {
    std::vector<std::uint64_t> present;
    for (const auto& r : found) {
      if (r.id >= gap.span.first && r.id <= gap.span.last) present.push_back(r.id);
    }
    if (!present.empty()) batch.spans.push_back(gap.span);
    if (gap.expired) continue;  // scored what is in it; an id still missing never fills
    for (const auto& rest : subtract_ids(gap.span, present)) batch.gaps_after.push_back({rest, gap.first_seen, false});
  }
  batch.rows = std::move(found);
}

}  // namespace

std::size_t BatchInput::scorable_rows() const {
  return static_cast<std::size_t>(std::count_if(rows.begin(), rows.end(), [](const InputRow& r) { return r.scorable(); }));
}

std::optional<BatchInput> read_batch(soci::session& session, std::uint32_t scorer_id, LockMode mode,
                                     const BatchOptions& options) {
  if (!lock_scorer(session, scorer_id, mode)) return std::nullopt;
  BatchInput batch;
  batch.scorer_id = scorer_id;
  const auto cursor = read_cursor(session, scorer_id, batch.pending_start);
  if (!cursor) return std::nullopt;
  batch.cursor = *cursor;
  batch.new_cursor = *cursor;

  read_gaps(session, batch, options);

  const auto fetch = [&] {
    SharedFetch::Rows rows;
    auto after = sql::GetLogScoresAfter(session, batch.cursor, options.row_limit);
    rows.reserve(after.size());
    for (auto& r : after) rows.push_back(to_input_row(std::move(r)));
    return rows;
  };
  std::shared_ptr<const SharedFetch::Rows> after;
  if (options.shared_fetch) {
    after = options.shared_fetch->get(batch.cursor, options.row_limit, fetch);
  } else {
    after = std::make_shared<const SharedFetch::Rows>(fetch());
  }
  std::vector<std::uint64_t> ids;
  ids.reserve(after->size());
  batch.rows.reserve(batch.rows.size() + after->size());
  for (const auto& r : *after) {
    ids.push_back(r.id);
    batch.rows.push_back(r);
  }
  if (!ids.empty()) {
    batch.new_cursor = ids.back();
    batch.spans.push_back({batch.cursor + 1, batch.new_cursor});
    for (const auto& span : missing_spans(batch.cursor, ids)) {
      batch.gaps_after.push_back({span, std::chrono::sys_seconds{}, false});  // first_seen: now, set by SQL
    }
  }
  return batch;
}

void commit_cursor_and_gaps(soci::session& session, const BatchInput& batch) {
  if (batch.new_cursor != batch.cursor) {
    if (batch.pending_start) {
      sql::InsertScorerStatus(session, batch.scorer_id, batch.new_cursor);
      sql::DeleteScorerPendingStart(session, batch.scorer_id);
    } else {
      sql::UpdateScorerCursor(session, batch.new_cursor, batch.scorer_id);
    }
  }
  if (batch.gaps_after == batch.gaps_before) return;
  for (const auto& g : batch.gaps_before) {
    if (std::find(batch.gaps_after.begin(), batch.gaps_after.end(), g) == batch.gaps_after.end()) {
      sql::DeleteScorerGap(session, batch.scorer_id, g.span.first);
    }
  }
  for (const auto& g : batch.gaps_after) {
    if (std::find(batch.gaps_before.begin(), batch.gaps_before.end(), g) != batch.gaps_before.end()) continue;
    if (g.first_seen == std::chrono::sys_seconds{}) {
      sql::InsertScorerGap(session, batch.scorer_id, g.span.first, g.span.last);
    } else {
      sql::InsertScorerGapSeen(session, batch.scorer_id, g.span.first, g.span.last, g.first_seen);
    }
  }
}

}  // namespace ntpmon::scorer
