#pragma once
// A Prometheus gauge: a value that goes up and down. Thread-safe, lock-free.

#include <atomic>

namespace ntpmon::metrics {

class Gauge {
 public:
  void set(double value) { value_.store(value, std::memory_order_relaxed); }
  void add(double amount) { value_.fetch_add(amount, std::memory_order_relaxed); }
  void inc() { add(1.0); }
  void dec() { add(-1.0); }
  // Sets the gauge to the current Unix time in seconds.
  void set_to_current_time();
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

}  // namespace ntpmon::metrics
