#include "selector_metrics.h"

namespace ntpmon::selector {

SelectorMetrics::SelectorMetrics(metrics::Registry& r)
    : status_changes(r.counter_family("selector_status_changes_total",
                                      "Server status changes applied, by transition and rule.",
                                      {"from_status", "to_status", "rule"})),
      tracking_writes(r.counter_family("selector_tracking_writes_total",
                                       "Violation tracking and paused-check writes applied (spec §8, §9).", {"op"})),
      violations(r.counter_family("selector_constraint_violations_total",
                                  "Current constraint violations found while evaluating monitors.",
                                  {"constraint_type"})),
      servers(r.counter_family("selector_servers_processed_total", "Server passes by outcome.", {"result"})),
      changes_applied(r.counter("selector_changes_applied_total", "Status changes executed successfully.")),
      changes_failed(r.counter("selector_changes_failed_total", "Status changes whose UPDATE failed.")),
      monitors_evaluated(r.counter("selector_monitors_evaluated_total", "Monitor rows evaluated.")),
      bad_data(r.counter("selector_bad_data_total", "Bad or unusual input rows found (logged).")),
      gate_fired(r.counter("selector_emergency_gate_total", "Passes in which the emergency gate blocked all rules.")),
      process_duration(r.histogram("selector_process_duration_seconds", "Duration of one server pass.",
                                   metrics::exponential_buckets(0.0005, 2.0, 14))),
      last_batch_size(r.gauge("selector_last_batch_size", "Servers in the last review batch.")) {}

}  // namespace ntpmon::selector
