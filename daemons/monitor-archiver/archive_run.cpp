#include "archive_run.h"

#include <soci/soci.h>

#include <algorithm>

#include "archive_process.h"
#include "archive_status.h"
#include "backend_factory.h"
#include "cleanup.h"
#include "db/connect.h"
#include "run_lock.h"
#include "runtime/shutdown_signal.h"
#include "source_table.h"

namespace ntpmon::archiver {

namespace {

std::string table_list(const std::vector<std::string>& tables) {
  std::string out = "[";
  for (std::size_t i = 0; i < tables.size(); ++i) out += (i ? " " : "") + tables[i];
  return out + "]";
}

}  // namespace

void run_archive(const std::string& table_name, const ArchiverSettings& settings, const db::Dsn& dsn,
                 const runtime::ShutdownSignal* shutdown, const log::Logger& logger) {
  // §2.2 steps 1 and 5: in the configured allow-list and one this program has queries for.
  auto table = parse_source_table(table_name);
  const auto& valid = settings.valid_tables;
  if (!table || std::find(valid.begin(), valid.end(), table_name) == valid.end()) {
    throw RunError("invalid table name '" + table_name + "', must be one of: " + table_list(valid));
  }

  std::unique_ptr<soci::session> session;
  try {
    session = db::open_session(dsn);
  } catch (const std::exception& e) {
    throw RunError(std::string("database connection: ") + e.what());
  }

  std::unique_ptr<RunLock> lock;
  try {
    lock = std::make_unique<RunLock>(dsn, run_lock_name(table_name, settings.lock_name), settings.lock_wait);
  } catch (const LockNotAcquired& e) {
    throw RunError(e.what());
  } catch (const std::exception& e) {
    throw RunError(std::string("lock: ") + e.what());
  }

  std::vector<ArchiveStatus> rows;
  try {
    rows = read_archive_status(*session);
  } catch (const std::exception& e) {
    throw RunError(std::string("archive status: ") + e.what());
  }
  logger.info("archive run", {{"table", table_name}, {"archivers", rows.size()}, {"lock", lock->name()}});

  for (const auto& status : rows) {
    if (shutdown != nullptr && shutdown->stop_requested()) break;
    auto scoped = logger.with({{"archiver", status.archiver}});
    if (status.archiver == kCleanupArchiver) {
      try {
        run_cleanup(*session, status, settings.cleanup, shutdown, scoped);
      } catch (const std::exception& e) {
        scoped.error("error running cleanup", {{"error", e}});
      }
      continue;
    }
    try {
      auto backend = make_backend(status.archiver, settings, logger);
      ProcessContext context{*session, *table, settings.read_chunk_rows, [&] { lock->check_still_held(); },
                             shutdown, scoped};
      ProcessResult result = archive_process(context, status, *backend);
      if (result.batches > 0) {
        scoped.info("archiver done", {{"batches", result.batches}, {"rows", result.rows}});
      }
      if (result.stopped) break;
    } catch (const std::exception& e) {
      throw RunError("error processing " + status.archiver + ": " + e.what());
    }
  }
  if (shutdown != nullptr && shutdown->stop_requested()) {
    logger.warn("stopped before the run finished; the batch in progress was discarded",
                {{"reason", shutdown->reason()}});
  }
}

}  // namespace ntpmon::archiver
