#pragma once
// The JSON outputs of the score history (spec scores-api.md §3): E2's history document,
// E4's monitor list and E7's Grafana table. Key order and number/string encoding are fixed.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "history_model.h"

namespace ntpmon::web {

// An entry of E2's "monitors" section (§3.3).
struct MonitorSectionEntry {
  MonitorScore monitor;
  std::optional<double> avg_rtt;  // ms, over this response's history entries
};

// The server_scores rows whose monitor appears in `history`, ordered by monitor id, each with
// the mean rtt (ms) of its history entries (summed in response order).
std::vector<MonitorSectionEntry> build_monitor_section(std::span<const HistoryEntry> history,
                                                       std::span<const MonitorScore> server_scores);

// {"history":[...],"monitors":[...]|null,"server":{"ip":...}}\n  (§3.2). `monitors` empty
// -> null.
std::string render_history_json(std::string_view server_ip, std::span<const HistoryEntry> history,
                                 std::span<const MonitorSectionEntry> monitors);

// {"monitors":[...]}\n  (§3.4, E4), in the given order.
std::string render_server_monitors_json(std::span<const MonitorScore> monitors);

// The Grafana table (§3.5, E7): one series per monitor id (ascending) of `rows` (which are
// ascending by time); rows without a monitor are skipped; no series -> null.
std::string render_grafana_json(std::span<const HistoryEntry> rows, std::span<const MonitorScore> server_scores);

}  // namespace ntpmon::web
