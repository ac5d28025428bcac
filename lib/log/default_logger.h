#pragma once
// The process-wide default logger, for code that has no logger passed to it (prefer passing
// one). Starts as stderr at level info; main() may replace it once its configuration is read.

#include "log/logger.h"

namespace ntpmon::log {

Logger default_logger();
void set_default_logger(Logger logger);

}  // namespace ntpmon::log
