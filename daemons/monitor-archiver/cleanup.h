#pragma once
// The `cleanup` status row: deletes archived rows from MySQL log_scores (spec/archiver.md §4,
// with the project decision that an archiver without a marker protects every row). The rule
// itself is DeleteArchivedLogScores in sql/queries/archiver.sql.

#include <chrono>
#include <cstdint>

#include "archive_status.h"
#include "log/logger.h"

namespace soci {
class session;
}

namespace ntpmon::runtime {
class ShutdownSignal;
}

namespace ntpmon::archiver {

struct CleanupSettings {
  std::uint32_t retention_days = 15;          // retention_days
  std::chrono::seconds interval{240};         // cleanup_default_interval
  std::uint64_t max_rows_per_run = 200000;    // cleanup_batch_size
  std::uint32_t chunk_rows = 10000;           // cleanup_chunk_size: rows per DELETE
};

struct CleanupResult {
  bool ran = false;  // false: too soon since the last cleanup
  std::uint64_t deleted = 0;
};

// Deletes in chunks of chunk_rows (each its own transaction) until a chunk deletes fewer,
// max_rows_per_run are gone or a stop is requested, then records the cleanup as done. Throws
// on a database error (the caller logs it and goes on, §4.6).
CleanupResult run_cleanup(soci::session& session, const ArchiveStatus& status, const CleanupSettings& settings,
                          const runtime::ShutdownSignal* shutdown, const log::Logger& logger);

}  // namespace ntpmon::archiver
