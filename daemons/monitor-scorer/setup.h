#pragma once
// `monitor-scorer setup` (§4.3 with B17): registers the `every` and `recentmedian` scorer
// monitors and gives each a cursor, in one transaction. Idempotent: an existing scorer
// monitor (whatever its status) is never added again, an existing cursor never moved. A new
// cursor starts at the current end of log_scores (nothing before setup is scored), or after
// --start-after-id; on an empty log_scores (or with --start-after-id) it is a pending start
// (scorer_pending_start) that the scorer's first batch turns into its scorer_status row.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace ntpmon::scorer {

struct SetupOptions {
  std::optional<std::uint64_t> start_after_id;  // 0: from the first row
};

// One line per algorithm saying what was done.
std::vector<std::string> run_setup(soci::session& session, const SetupOptions& options);

// `monitor-scorer status`: the original's `db scorer-status` listing.
std::vector<std::string> scorer_status_report(soci::session& session);

}  // namespace ntpmon::scorer
