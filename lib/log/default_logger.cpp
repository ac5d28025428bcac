#include "log/default_logger.h"

#include <mutex>

namespace ntpmon::log {

namespace {

struct DefaultLogger {
  std::mutex mutex;
  Logger logger;
};

DefaultLogger& instance() {
  static DefaultLogger d;
  return d;
}

}  // namespace

Logger default_logger() {
  auto& d = instance();
  std::lock_guard lock(d.mutex);
  return d.logger;
}

void set_default_logger(Logger logger) {
  auto& d = instance();
  std::lock_guard lock(d.mutex);
  d.logger = std::move(logger);
}

}  // namespace ntpmon::log
