#pragma once
// The /selector/<ip> page: each monitor's status for one server and the selector's latest
// decisions about it (rule and reason) from the selector's audit record.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "server_model.h"

namespace ntpmon::web {

// One row of the selector's audit record (selector.md D4).
struct SelectorDecision {
  std::int64_t ts = 0;  // Unix seconds
  std::string kind;     // "status_change" or "tracking"
  std::string rule;
  std::string action;
  std::optional<std::string> from_status;
  std::optional<std::string> to_status;
  std::optional<std::string> violation_type;
  std::string reason;
};

// At most this many decisions are shown per monitor.
inline constexpr std::size_t kDecisionsPerMonitor = 5;

struct SelectorMonitorRow {
  std::uint32_t monitor_id = 0;
  std::string name;            // display name
  std::string type;            // monitors.type
  std::string monitor_status;  // monitors.status (global)
  std::optional<std::string> ip_version;
  std::string status;          // server_scores.status (for this server)
  double score_raw = 0;
  std::optional<std::int64_t> score_ts;
  std::optional<std::string> constraint_violation_type;
  std::optional<std::int64_t> constraint_violation_since;
  std::optional<std::string> pause_reason;
  std::vector<SelectorDecision> decisions;  // newest first
};

struct SelectorPageData {
  ServerInfo server;
  std::vector<SelectorMonitorRow> monitors;
  std::optional<std::int64_t> last_review;
  std::optional<std::int64_t> next_review;
  // False when the database has no selector audit table (an older schema): the page says so.
  bool audit_available = true;
  std::chrono::sys_seconds now{};
};

// Attaches decisions (newest first, any monitors) to their monitors' rows, at most
// kDecisionsPerMonitor each.
void attach_decisions(std::vector<SelectorMonitorRow>& monitors,
                      const std::vector<std::pair<std::uint32_t, SelectorDecision>>& decisions);

std::string render_selector_page(const SelectorPageData& data);

}  // namespace ntpmon::web
