#pragma once
// The data the score-history outputs are rendered from, independent of the database layer.

#include <cstdint>
#include <optional>
#include <string>

namespace ntpmon::web {

// One log_scores row as the outputs need it (spec scores-api.md §2.2, §3.2).
struct HistoryEntry {
  std::uint64_t id = 0;
  std::int64_t ts = 0;  // Unix seconds (UTC)
  std::optional<double> offset;  // seconds
  double step = 0;
  double score = 0;
  std::optional<std::uint32_t> monitor_id;
  std::string monitor_name;  // display name (§1.3.4); empty when monitor_id is NULL or unknown
  std::optional<std::int32_t> rtt_us;  // microseconds
  int leap = 0;        // attributes.leap; 0 when absent
  std::string error;   // attributes.error; empty when absent
};

// A server_scores row joined with its monitor (§3.3, §3.4).
struct MonitorScore {
  std::uint32_t monitor_id = 0;
  std::string name;    // display name
  std::string type;    // monitors.type: "monitor" or "score"
  std::optional<std::int64_t> score_ts;  // Unix seconds
  double score_raw = 0;
  std::string status;  // server_scores.status
};

}  // namespace ntpmon::web
