#include "cache_policy.h"

#include <algorithm>

namespace ntpmon::web::cache {

std::string_view for_history(std::span<const HistoryEntry> rows, std::chrono::sys_seconds now) {
  if (rows.empty()) return kEmptyOrStale;
  std::int64_t newest = std::max_element(rows.begin(), rows.end(), [](const HistoryEntry& a, const HistoryEntry& b) {
                          return a.ts < b.ts;
                        })->ts;
  if (now.time_since_epoch().count() - newest > 8 * 3600) return kEmptyOrStale;
  if (rows.size() == 1) return kSingleRow;
  return kHistory;
}

}  // namespace ntpmon::web::cache
