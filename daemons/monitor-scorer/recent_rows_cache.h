#pragma once
// The regular monitors' log_scores rows that recentmedian's candidate sets (§6.1) come from,
// kept in memory across the batches of one scorer so that a batch reads only what is new to
// it instead of every server's last two hours (see the header of sql/queries/scorer.sql).
//
// What the cache holds: every row of a regular monitor with ts in [covered_from, covered_to]
// that was visible when that time slice was loaded, every such row inserted later with an id
// above the highest id seen at the previous refresh, and every row the scorer has scored. A
// row that commits late with a lower id (B14) enters when the scorer scores it, exactly as a
// row-by-row query would have missed it until it was committed.
//
// The cache belongs to one scorer's batches in this process: when another process committed a
// batch of the same scorer in between (its cursor or gaps are not what this process left),
// or a batch failed, it starts over.

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "batch_input.h"
#include "continuity.h"
#include "scoring/recent_median.h"

namespace soci {
class session;
}

namespace ntpmon::scorer {

struct CacheStats {
  std::uint64_t loaded_rows = 0;    // read from the database by prepare()
  std::uint64_t cold_starts = 0;
};

class RecentRowsCache {
 public:
  // The oldest 1 % of a batch's rows, and any row more than kMaxBatchSpan older than the
  // batch's newest, read their server's window directly instead of widening the cache (a
  // stray old measurement must not load hours of every server's rows).
  static constexpr std::chrono::seconds kMaxBatchSpan{3 * 3600};
  static constexpr std::size_t kOutlierDivisor = 100;
  // Rows older than the newest scored row minus the lookback minus this are forgotten.
  static constexpr std::chrono::seconds kKeepBehind{600};

  // Brings the cache up to date for `batch` (in its transaction). Starts over when the batch
  // does not continue the one this process committed last.
  void prepare(soci::session& session, const BatchInput& batch);

  // The rows of one server sorted by (ts, id) when the cache covers [ts - 7200 s, ts];
  // nullopt otherwise (the caller reads that window directly).
  std::optional<std::span<const scoring::RecentRow>> window(std::uint32_t server_id, std::chrono::sys_seconds ts) const;
  // The attributes text of a cached row; nullopt when it has none.
  std::optional<std::string_view> attributes(std::uint64_t id) const;

  // After the batch committed: remembers where the scorer stands and forgets rows no longer
  // needed. After a failed batch: reset().
  void committed(const BatchInput& batch);
  void reset();

  const CacheStats& stats() const { return stats_; }
  std::size_t size() const { return size_; }

  // Adds one row (ignored when already present).
  void add(std::uint32_t server_id, const scoring::RecentRow& row, const std::optional<std::string>& attributes);

 private:
  void refresh(soci::session& session);
  void load_slice(soci::session& session, std::chrono::sys_seconds after, std::chrono::sys_seconds up_to,
                  const BatchInput& batch);
  void evict_before(std::chrono::sys_seconds ts);

  std::unordered_map<std::uint32_t, std::vector<scoring::RecentRow>> rows_;
  std::unordered_map<std::uint64_t, std::string> attributes_;
  std::size_t size_ = 0;
  bool covered_ = false;
  std::chrono::sys_seconds covered_from_{};
  std::chrono::sys_seconds covered_to_{};
  std::uint64_t seen_id_ = 0;                        // highest log_scores id at the last refresh
  std::chrono::sys_seconds newest_input_{};          // newest ts scored so far
  Continuity continuity_;
  CacheStats stats_;
};

// A cached row from a log_scores row of a regular monitor.
scoring::RecentRow to_recent_row(std::uint64_t id, std::uint32_t monitor_id, std::chrono::sys_seconds ts, double score,
                                 double step, const std::optional<std::int32_t>& rtt, bool has_attributes);

}  // namespace ntpmon::scorer
