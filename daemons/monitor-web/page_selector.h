#pragma once
// The /selector/<ip> page: each monitor's status for one server and the selector's latest
// decisions about it (rule and reason) from the selector's audit record.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server_model.h"

namespace ntpmon::web {

struct SelectorDecision {
  std::int64_t ts = 0;  // Unix seconds
  std::string from_status;
  std::string to_status;
  std::string rule;
  std::string reason;
};

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
  // False while the database has no selector audit table: the page says so.
  bool audit_available = false;
  std::chrono::sys_seconds now{};
};

std::string render_selector_page(const SelectorPageData& data);

}  // namespace ntpmon::web
