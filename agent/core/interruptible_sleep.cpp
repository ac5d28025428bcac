#include "core/interruptible_sleep.h"

#include <condition_variable>
#include <mutex>

namespace ntpmon::agent {

bool sleep_for(std::stop_token stop, std::chrono::nanoseconds duration) {
  std::mutex mutex;
  std::condition_variable_any cv;
  std::unique_lock lock(mutex);
  cv.wait_for(lock, stop, duration, [] { return false; });
  return !stop.stop_requested();
}

}  // namespace ntpmon::agent
