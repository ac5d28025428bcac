#include "archive_status.h"

#include <soci/soci.h>

#include "db/transaction.h"
#include "sql/archiver.h"

namespace ntpmon::archiver {

std::vector<ArchiveStatus> read_archive_status(soci::session& session) {
  std::vector<ArchiveStatus> out;
  for (auto& row : sql::ListArchiveStatus(session)) {
    out.push_back(ArchiveStatus{std::move(row.archiver), row.log_score_id, row.modified_unix, row.db_now_unix});
  }
  return out;
}

void advance_marker(soci::session& session, const std::string& archiver, std::uint64_t last_id) {
  // The original wrote NULL for an id <= 0; ids start at 1, so a marker is never 0 here.
  std::optional<std::uint64_t> marker;
  if (last_id > 0) marker = last_id;
  db::with_transaction(session, [&](soci::session& s) { sql::SetArchiveStatus(s, marker, archiver); });
}

void record_cleanup_done(soci::session& session) {
  db::with_transaction(session, [](soci::session& s) { sql::SetCleanupStatus(s); });
}

}  // namespace ntpmon::archiver
