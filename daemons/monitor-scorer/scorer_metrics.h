#pragma once
// The scorer's Prometheus metrics, with the original's names (spec/scorer.md §4.11). With the
// B4/B5 fixes each event is counted once: a deadlock when it happens (retried or final), a
// retry for each retried attempt, an error for each batch that failed for good.
// scorer_sql_updates_total counts rows written per operation (the writes are set-based).
// scorer_batch_size counts the input rows of a batch; its buckets follow the larger batches.

#include <string_view>

#include "metrics/registry.h"

namespace ntpmon::scorer {

class ScorerMetrics {
 public:
  explicit ScorerMetrics(metrics::Registry& registry);

  metrics::Counter& processed(std::string_view scorer) { return processed_.with({scorer}); }
  metrics::Counter& errors() { return errors_; }
  metrics::Counter& runs() { return runs_; }
  metrics::Histogram& batch_duration(std::string_view scorer) { return batch_duration_.with({scorer}); }
  metrics::Histogram& batch_size(std::string_view scorer) { return batch_size_.with({scorer}); }
  metrics::Counter& deadlocks() { return deadlocks_; }
  metrics::Counter& retries(std::string_view scorer, std::string_view reason) { return retries_.with({scorer, reason}); }
  // operation: update_server_score_status, insert_log_score, update_server_score, update_server,
  // update_scorer_status, insert_server_score
  metrics::Counter& sql_updates(std::string_view operation) { return sql_updates_.with({operation}); }
  // Rows read but not scored (the project's addition): reason missing_server,
  // no_recent_scores, bad_attributes.
  metrics::Counter& skipped(std::string_view scorer, std::string_view reason) { return skipped_.with({scorer, reason}); }

 private:
  metrics::Family<metrics::Counter>& processed_;
  metrics::Counter& errors_;
  metrics::Counter& runs_;
  metrics::Family<metrics::Histogram>& batch_duration_;
  metrics::Family<metrics::Histogram>& batch_size_;
  metrics::Counter& deadlocks_;
  metrics::Family<metrics::Counter>& retries_;
  metrics::Family<metrics::Counter>& sql_updates_;
  metrics::Family<metrics::Counter>& skipped_;
};

}  // namespace ntpmon::scorer
