#pragma once
// Archiving the pending rows of one source table for one status row (spec/archiver.md §2.3):
// interval gate, count, then batches of at most max_rows while more than min_rows are
// pending, each made durable in the destination before its marker moves (backend.h).

#include <cstdint>
#include <functional>

#include "archive_status.h"
#include "backend.h"
#include "log/logger.h"
#include "source_table.h"

namespace soci {
class session;
}

namespace ntpmon::runtime {
class ShutdownSignal;
}

namespace ntpmon::archiver {

struct ProcessContext {
  soci::session& session;                        // reads and marker updates
  SourceTable table = SourceTable::log_scores;
  std::uint32_t read_chunk_rows = 50000;
  std::function<void()> check_lock;              // throws when the run lock is gone; may be empty
  const runtime::ShutdownSignal* shutdown = nullptr;
  log::Logger logger;
};

struct ProcessResult {
  bool too_soon = false;  // skipped by the interval gate
  bool stopped = false;   // a stop was requested; the batch in progress was discarded
  std::uint64_t batches = 0;
  std::uint64_t rows = 0;
};

// Throws on any error; the marker then stays at the last committed batch.
ProcessResult archive_process(ProcessContext& context, const ArchiveStatus& status, Backend& backend);

}  // namespace ntpmon::archiver
