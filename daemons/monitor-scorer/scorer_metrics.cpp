#include "scorer_metrics.h"

namespace ntpmon::scorer {

ScorerMetrics::ScorerMetrics(metrics::Registry& r)
    : processed_(r.counter_family("scorer_processed_count", "log_scores processed", {"scorer"})),
      errors_(r.counter("scorer_errors", "scorer errors")),
      runs_(r.counter("scorer_runs", "scorer runs (rounds of one batch per scorer)")),
      batch_duration_(r.histogram_family("scorer_batch_duration_seconds", "Time taken to process each batch",
                                         metrics::exponential_buckets(0.01, 2, 10), {"scorer"})),
      batch_size_(r.histogram_family("scorer_batch_size", "Number of records processed per batch",
                                     metrics::exponential_buckets(10, 2, 14), {"scorer"})),
      deadlocks_(r.counter("scorer_deadlocks_total", "Total number of database deadlocks encountered")),
      retries_(r.counter_family("scorer_retries_total", "Total number of retry attempts by reason",
                                {"scorer", "reason"})),
      sql_updates_(r.counter_family("scorer_sql_updates_total", "Total number of SQL update operations by type",
                                    {"operation"})),
      skipped_(r.counter_family("scorer_skipped_rows_total", "log_scores rows read but not scored, by reason",
                                {"scorer", "reason"})) {}

}  // namespace ntpmon::scorer
