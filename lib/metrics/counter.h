#pragma once
// A Prometheus counter: a value that only goes up. Thread-safe, lock-free.

#include <atomic>

namespace ntpmon::metrics {

class Counter {
 public:
  // Throws std::invalid_argument for a negative amount.
  void inc(double amount = 1.0);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

}  // namespace ntpmon::metrics
