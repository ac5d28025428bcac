#pragma once
// The progress rows of log_scores_archive_status (spec/archiver.md §2.2 step 4, §2.5): one
// per archiver name, holding the last log score id that archiver has (its marker). The
// archiver never creates these rows; an operator inserts them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace ntpmon::archiver {

inline constexpr const char* kCleanupArchiver = "cleanup";

struct ArchiveStatus {
  std::string archiver;
  std::optional<std::uint64_t> marker;  // last archived id, inclusive; nullopt: nothing yet
  std::int64_t modified_unix = 0;       // last success (database clock); 0: never
  std::int64_t db_now_unix = 0;         // the database clock when the rows were read

  // The id to continue after: the marker, 0 when there is none.
  std::uint64_t after_id() const { return marker.value_or(0); }
  // True while `interval` has not passed since the last success (§2.3 step 2). A zero
  // modified_on never counts as recent.
  bool too_soon(std::int64_t interval_seconds) const {
    return modified_unix != 0 && db_now_unix < modified_unix + interval_seconds;
  }
};

// Every row, in processing order: NULL markers first, then the lowest marker, ties by the
// oldest modified_on.
std::vector<ArchiveStatus> read_archive_status(soci::session& session);

// Moves the archiver's marker to `last_id` (in a transaction of its own, retrying transient
// errors). Call only once the batch is durable in the destination.
void advance_marker(soci::session& session, const std::string& archiver, std::uint64_t last_id);

// Marks a cleanup pass as done now (the cleanup row keeps no marker).
void record_cleanup_done(soci::session& session);

}  // namespace ntpmon::archiver
