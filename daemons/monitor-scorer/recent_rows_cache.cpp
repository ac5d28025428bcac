#include "recent_rows_cache.h"

#include <algorithm>

#include "scoring/constants.h"
#include "sql/scorer.h"

namespace ntpmon::scorer {
namespace {

using std::chrono::sys_seconds;
constexpr auto kLookback = scoring::kRecentLookbackAll;

// The newest ts of the batch's scorable rows and the oldest one the cache is to serve.
struct BatchTimes {
  sys_seconds newest{};
  sys_seconds core_oldest{};
  bool any = false;
};

BatchTimes batch_times(const BatchInput& batch) {
  std::vector<sys_seconds> ts;
  for (const auto& r : batch.rows) {
    if (r.scorable()) ts.push_back(r.ts);
  }
  BatchTimes t;
  if (ts.empty()) return t;
  std::sort(ts.begin(), ts.end());
  t.any = true;
  t.newest = ts.back();
  t.core_oldest = std::max(ts[ts.size() / RecentRowsCache::kOutlierDivisor], t.newest - RecentRowsCache::kMaxBatchSpan);
  return t;
}

template <typename Row>
void add_loaded(RecentRowsCache& cache, std::vector<Row>& rows, CacheStats& stats) {
  for (auto& r : rows) {
    if (!r.monitor_id) continue;
    cache.add(r.server_id, to_recent_row(r.id, *r.monitor_id, r.ts, r.score, r.step, r.rtt, r.attributes.has_value()),
              r.attributes);
  }
  stats.loaded_rows += rows.size();
}

}  // namespace

scoring::RecentRow to_recent_row(std::uint64_t id, std::uint32_t monitor_id, sys_seconds ts, double score, double step,
                                 const std::optional<std::int32_t>& rtt, bool has_attributes) {
  scoring::RecentRow r;
  r.id = id;
  r.monitor_id = monitor_id;
  r.ts = ts;
  r.score = score;
  r.step = step;
  r.rtt = rtt.value_or(0);  // §6.3: a NULL rtt counts as 0
  r.has_attributes = has_attributes;
  return r;
}

void RecentRowsCache::add(std::uint32_t server_id, const scoring::RecentRow& row,
                          const std::optional<std::string>& attributes) {
  auto& v = rows_[server_id];
  auto at = std::lower_bound(v.begin(), v.end(), row, scoring::recent_row_before);
  if (at != v.end() && at->id == row.id) return;
  v.insert(at, row);
  ++size_;
  if (attributes) attributes_.try_emplace(row.id, *attributes);
}

void RecentRowsCache::reset() {
  rows_.clear();
  attributes_.clear();
  size_ = 0;
  covered_ = false;
  seen_id_ = 0;
  newest_input_ = {};
  continuity_.reset();
}

void RecentRowsCache::refresh(soci::session& session) {
  auto rows = sql::GetMonitorRowsInsertedAfter(session, seen_id_, covered_from_, covered_to_);
  add_loaded(*this, rows, stats_);
}

void RecentRowsCache::load_slice(soci::session& session, sys_seconds after, sys_seconds up_to,
                                 const BatchInput& batch) {
  // The batch's own id range is left out: its rows are added from the batch itself.
  auto rows = sql::GetMonitorRowsBetween(session, after, up_to, batch.cursor, batch.new_cursor);
  add_loaded(*this, rows, stats_);
}

void RecentRowsCache::prepare(soci::session& session, const BatchInput& batch) {
  if (!continuity_.continues(batch)) reset();
  const auto times = batch_times(batch);
  // The highest id first, then the rows above the previous one: under READ COMMITTED too, a
  // row is either read now or has an id above the new mark.
  std::uint64_t seen = seen_id_;
  if (auto last = sql::GetLastLogScoreID(session); last && last->last_id) seen = *last->last_id;
  if (covered_) refresh(session);
  seen_id_ = seen;

  if (times.any) {
    const sys_seconds need_from = times.core_oldest - kLookback;
    const sys_seconds need_to = times.newest;
    if (!covered_) {
      ++stats_.cold_starts;
      load_slice(session, need_from - std::chrono::seconds(1), need_to, batch);
      covered_from_ = need_from;
      covered_to_ = need_to;
      covered_ = true;
    } else {
      if (need_to > covered_to_) {
        load_slice(session, covered_to_, need_to, batch);
        covered_to_ = need_to;
      }
      if (need_from < covered_from_) {
        load_slice(session, need_from - std::chrono::seconds(1), covered_from_ - std::chrono::seconds(1), batch);
        covered_from_ = need_from;
      }
    }
  }
  for (const auto& r : batch.rows) {
    if (!r.scorable() || !r.monitor_id) continue;
    add(r.server_id, to_recent_row(r.id, *r.monitor_id, r.ts, r.score, r.step, r.rtt, r.attributes.has_value()),
        r.attributes);
  }
}

std::optional<std::span<const scoring::RecentRow>> RecentRowsCache::window(std::uint32_t server_id,
                                                                           sys_seconds ts) const {
  if (!covered_ || ts - kLookback < covered_from_ || ts > covered_to_) return std::nullopt;
  auto it = rows_.find(server_id);
  if (it == rows_.end()) return std::span<const scoring::RecentRow>{};
  return std::span<const scoring::RecentRow>(it->second);
}

std::optional<std::string_view> RecentRowsCache::attributes(std::uint64_t id) const {
  auto it = attributes_.find(id);
  if (it == attributes_.end()) return std::nullopt;
  return std::string_view(it->second);
}

void RecentRowsCache::committed(const BatchInput& batch) {
  continuity_.committed(batch);
  for (const auto& r : batch.rows) {
    if (r.scorable() && r.ts > newest_input_) newest_input_ = r.ts;
  }
  const auto keep_from = newest_input_ - kLookback - kKeepBehind;
  if (covered_ && keep_from > covered_from_) evict_before(keep_from);
}

void RecentRowsCache::evict_before(sys_seconds ts) {
  for (auto it = rows_.begin(); it != rows_.end();) {
    auto& v = it->second;
    auto keep = std::lower_bound(v.begin(), v.end(), ts,
                                 [](const scoring::RecentRow& r, sys_seconds t) { return r.ts < t; });
    for (auto e = v.begin(); e != keep; ++e) {
      if (e->has_attributes) attributes_.erase(e->id);
    }
    size_ -= static_cast<std::size_t>(keep - v.begin());
    v.erase(v.begin(), keep);
    it = v.empty() ? rows_.erase(it) : std::next(it);
  }
  covered_from_ = ts;
}

}  // namespace ntpmon::scorer
