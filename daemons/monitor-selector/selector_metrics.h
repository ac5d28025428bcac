#pragma once
// The selector's Prometheus metrics (spec/selector.md §13; optional parity, no effect on
// decisions). Labels are kept to low-cardinality values (no monitor or server ids).

#include "metrics/registry.h"

namespace ntpmon::selector {

struct SelectorMetrics {
  explicit SelectorMetrics(metrics::Registry& registry);

  metrics::Family<metrics::Counter>& status_changes;   // {from_status, to_status, rule}
  metrics::Family<metrics::Counter>& tracking_writes;  // {op}
  metrics::Family<metrics::Counter>& violations;       // {constraint_type}
  metrics::Family<metrics::Counter>& servers;          // {result: changed, unchanged, failed, skipped}
  metrics::Counter& changes_applied;
  metrics::Counter& changes_failed;
  metrics::Counter& monitors_evaluated;
  metrics::Counter& bad_data;
  metrics::Counter& gate_fired;
  metrics::Histogram& process_duration;
  metrics::Gauge& last_batch_size;
};

}  // namespace ntpmon::selector
