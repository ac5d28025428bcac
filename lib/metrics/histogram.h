#pragma once
// A Prometheus histogram with fixed bucket upper bounds (+Inf is implicit). Thread-safe.

#include <cstdint>
#include <mutex>
#include <vector>

namespace ntpmon::metrics {

// 0.005 .. 10 seconds, the Prometheus client default.
std::vector<double> default_buckets();
// start, start*factor, ... (count bounds).
std::vector<double> exponential_buckets(double start, double factor, int count);
// start, start+width, ... (count bounds).
std::vector<double> linear_buckets(double start, double width, int count);

class Histogram {
 public:
  // Bounds must be finite and strictly increasing; throws std::invalid_argument otherwise.
  explicit Histogram(std::vector<double> bounds);

  void observe(double value);

  struct Snapshot {
    std::vector<double> bounds;             // without +Inf
    std::vector<std::uint64_t> cumulative;  // one per bound, then one for +Inf
    double sum = 0;
    std::uint64_t count = 0;
  };
  Snapshot snapshot() const;
  const std::vector<double>& bounds() const { return bounds_; }

 private:
  std::vector<double> bounds_;
  mutable std::mutex mutex_;
  std::vector<std::uint64_t> counts_;  // per bucket, not cumulative; last is +Inf
  double sum_ = 0;
  std::uint64_t count_ = 0;
};

}  // namespace ntpmon::metrics
