#pragma once
// One `monitor-archiver archive` run (spec/archiver.md §2.2): check the table, take the run
// lock, read the status rows, then run cleanup or archive each in order. An archive error
// stops the run; a cleanup error is logged and the run goes on.

#include <iosfwd>
#include <string>

#include "db/dsn.h"
#include "log/logger.h"
#include "settings.h"

namespace ntpmon::runtime {
class ShutdownSignal;
}

namespace ntpmon::archiver {

// The run's failure; what() is the message printed as "Error: <message>".
class RunError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws RunError.
void run_archive(const std::string& table, const ArchiverSettings& settings, const db::Dsn& dsn,
                 const runtime::ShutdownSignal* shutdown, const log::Logger& logger);

}  // namespace ntpmon::archiver
