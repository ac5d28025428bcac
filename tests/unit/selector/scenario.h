#pragma once
// The acceptance scenarios of spec/selector.md (A.1) as read from the JSON files under
// tests/integration/selector/scenarios/. Level "pass" scenarios become the rows
// GetMonitorPriority would return plus their expectation; the rule- and check-level files
// are read by the unit tests with nlohmann::json directly (scenario_json()).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "selection/monitor.h"

namespace ntpmon::test::selector {

// tests/integration/selector/scenarios/<id>.json
std::string scenario_path(const std::string& id);
nlohmann::json scenario_json(const std::string& id);
// Every scenario id in the folder (the file names without .json), sorted.
std::vector<std::string> all_scenario_ids();
// Every "pass" scenario id in the folder (P01..., D..., Q...), sorted.
std::vector<std::string> pass_scenario_ids();

// "now" -> now, "now-<N>h" -> now - N hours.
selection::TimePoint relative_time(const std::string& text, selection::TimePoint now);

struct ExpectedChange {
  std::uint32_t monitor_id = 0;
  std::string from, to, reason;
  friend bool operator==(const ExpectedChange&, const ExpectedChange&) = default;
};

struct ExpectedTracking {
  std::string op;
  std::uint32_t monitor_id = 0;
  std::string type;                         // set_violation
  std::optional<selection::TimePoint> since;  // set_violation
  friend bool operator==(const ExpectedTracking&, const ExpectedTracking&) = default;
};

struct PassScenario {
  std::string id;
  std::string title_source;
  selection::Server server;
  std::string server_ip_version = "v4";
  // accounts listed in the scenario: id -> flags JSON text (nullopt = SQL NULL)
  std::map<std::uint32_t, std::optional<std::string>> account_flags;
  // The GetMonitorPriority rows in row order (flags filled in from account_flags).
  std::vector<selection::MonitorRow> rows;
  std::vector<ExpectedChange> changes;
  std::map<std::string, std::vector<std::uint32_t>> final_server_status;
  std::vector<ExpectedTracking> tracking;
  bool changed = false;
  std::string next_review;  // "+60m" / "+20m"
};

PassScenario load_pass_scenario(const std::string& id, selection::TimePoint now);

}  // namespace ntpmon::test::selector
