#include "cleanup.h"

#include <soci/soci.h>

#include <algorithm>

#include "db/transaction.h"
#include "runtime/shutdown_signal.h"
#include "sql/archiver.h"

namespace ntpmon::archiver {

CleanupResult run_cleanup(soci::session& session, const ArchiveStatus& status, const CleanupSettings& settings,
                          const runtime::ShutdownSignal* shutdown, const log::Logger& logger) {
  CleanupResult result;
  if (status.too_soon(settings.interval.count())) {
    logger.debug("cleanup ran recently; skipping", {{"interval", settings.interval}});
    return result;
  }
  result.ran = true;
  while (result.deleted < settings.max_rows_per_run) {
    if (shutdown != nullptr && shutdown->stop_requested()) return result;
    auto limit = static_cast<std::uint32_t>(
        std::min<std::uint64_t>(settings.chunk_rows, settings.max_rows_per_run - result.deleted));
    std::uint64_t deleted = db::with_transaction(
        session, [&](soci::session& s) { return sql::DeleteArchivedLogScores(s, settings.retention_days, limit); });
    result.deleted += deleted;
    if (deleted < limit) break;
  }
  record_cleanup_done(session);
  logger.info("cleanup deleted archived log scores",
              {{"rows", result.deleted}, {"retention_days", settings.retention_days}});
  return result;
}

}  // namespace ntpmon::archiver
