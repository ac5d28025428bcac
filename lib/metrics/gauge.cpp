#include "metrics/gauge.h"

#include <chrono>

namespace ntpmon::metrics {

void Gauge::set_to_current_time() {
  using namespace std::chrono;
  set(duration<double>(system_clock::now().time_since_epoch()).count());
}

}  // namespace ntpmon::metrics
