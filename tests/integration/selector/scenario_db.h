#pragma once
// Loads an acceptance scenario (spec/selector.md A.1) into a test database: the server, its
// review row, the accounts with their flags, the monitors, the server_scores rows with
// status and constraint columns, and log_scores rows in the last 24 h that reproduce each
// row's count, average rtt and average step (every row carries the average itself).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "scenario.h"
#include "test_database.h"

namespace ntpmon::test::selector {

// Empties the tables a scenario uses.
void clear_selector_tables(TestDatabase& db);

void load_scenario(TestDatabase& db, const PassScenario& scenario, selection::TimePoint now);

// server_scores.status of every row of the server, grouped by status, ids ascending.
std::map<std::string, std::vector<std::uint32_t>> server_statuses(soci::session& session, std::uint32_t server_id);

// "YYYY-MM-DD HH:MM:SS" quoted for SQL, or NULL.
std::string sql_time(const std::optional<selection::TimePoint>& t);
std::string sql_text(const std::optional<std::string>& s);

}  // namespace ntpmon::test::selector
