#include "metrics/counter.h"

#include <stdexcept>

namespace ntpmon::metrics {

void Counter::inc(double amount) {
  if (amount < 0) throw std::invalid_argument("a counter cannot decrease");
  value_.fetch_add(amount, std::memory_order_relaxed);
}

}  // namespace ntpmon::metrics
