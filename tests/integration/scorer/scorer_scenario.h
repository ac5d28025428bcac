#pragma once
// Test data for monitor-scorer: servers, regular monitors, (server, monitor) pairs with a
// realistic mix of statuses, and log_scores rows whose per-monitor scores follow the submit
// path's recurrence (§2.6) over a known mix of steps. Shared by the integration tests and
// bench/scorer. Ids are explicit, so a test knows every row.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace ntpmon::test {

struct ScenarioSpec {
  int servers = 50;
  int monitors = 10;
  int rows = 10000;
  int pairs_per_server = 10;                   // at most `monitors`
  std::chrono::seconds span{170 * 60};         // rows spread over [end - span, end]
  std::chrono::sys_seconds end{};              // default: now
  std::uint32_t first_server_id = 1;
  std::uint32_t first_monitor_id = 1;
  std::uint64_t first_row_id = 1;
  std::uint64_t seed = 1;
};

struct ScenarioPair {
  std::uint32_t server_id;
  std::uint32_t monitor_id;
  std::string status;  // candidate, testing, active, paused
};

struct ScenarioRow {
  std::uint64_t id;
  std::uint32_t server_id;
  std::uint32_t monitor_id;
  std::chrono::sys_seconds ts;
  double score;
  double step;
  std::optional<double> offset;
  std::optional<std::int32_t> rtt;
  std::optional<std::string> attributes;
};

struct Scenario {
  ScenarioSpec spec;
  std::vector<std::uint32_t> server_ids;
  std::vector<std::uint32_t> monitor_ids;
  std::vector<ScenarioPair> pairs;
  std::vector<ScenarioRow> rows;  // ascending id
};

Scenario make_scenario(ScenarioSpec spec);

// Inserts the servers, monitors and pairs, then the rows (multi-row INSERTs).
void load_scenario_setup(soci::session& session, const Scenario& scenario);
// `rows_per_statement`: one statement makes the rows visible at once and moves the
// AUTO_INCREMENT counter past all of them before a scorer running meanwhile inserts.
void load_scenario_rows(soci::session& session, const std::vector<ScenarioRow>& rows,
                        std::size_t rows_per_statement = 2000);

// Registers both scorers with their cursor before the first row (rows are scored from id 1).
void setup_scorers_from_start(soci::session& session);

// Escaped SQL string literal ('...') or NULL.
std::string sql_text(const std::optional<std::string>& text);
std::string sql_datetime(std::chrono::sys_seconds ts);
std::string sql_double(double v);

}  // namespace ntpmon::test
