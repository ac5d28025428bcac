#pragma once
// A registry of metric families and its Prometheus text exposition (format 0.0.4): families
// sorted by name, children by label values, so the output is stable.
//
//   metrics::Registry registry;
//   auto& runs = registry.counter_family("scorer_runs_total", "Scorer runs.", {"result"});
//   runs.with({"ok"}).inc();
//   registry.gauge("scorer_queue_length", "Rows waiting.").set(12);
//
// Registering a name again with the same type and labels (and buckets) returns the existing
// family; anything else, or an invalid name, throws std::invalid_argument.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "metrics/family.h"

namespace ntpmon::metrics {

class Registry {
 public:
  Family<Counter>& counter_family(const std::string& name, const std::string& help,
                                  const std::vector<std::string>& label_names);
  Family<Gauge>& gauge_family(const std::string& name, const std::string& help,
                              const std::vector<std::string>& label_names);
  Family<Histogram>& histogram_family(const std::string& name, const std::string& help,
                                      const std::vector<double>& bounds,
                                      const std::vector<std::string>& label_names);

  // Unlabelled metrics (a family with one child, shown from the start at 0).
  Counter& counter(const std::string& name, const std::string& help);
  Gauge& gauge(const std::string& name, const std::string& help);
  Histogram& histogram(const std::string& name, const std::string& help,
                       const std::vector<double>& bounds);

  // The text exposition of every family.
  std::string text() const;

 private:
  template <typename M>
  Family<M>& family(const std::string& name, const std::string& help, MetricType type,
                    const std::vector<std::string>& label_names,
                    const std::vector<double>& bounds);

  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<FamilyBase>> families_;
  std::map<std::string, std::vector<double>> histogram_bounds_;
};

}  // namespace ntpmon::metrics
