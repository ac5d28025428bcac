#pragma once
// What one pass of the selector decides on (spec/selector.md §2): the server, the monitor
// rows of GetMonitorPriority (sql/queries/selector.sql) in row order, and the per-monitor
// record the rules work with once §4 has evaluated it.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "selection/status.h"

namespace ntpmon::selection {

using Clock = std::chrono::system_clock;
using TimePoint = std::chrono::sys_seconds;

// §2.1: the servers row.
struct Server {
  std::uint32_t id = 0;
  std::string ip;
  std::optional<std::uint32_t> account_id;
};

// §2.2: one row of GetMonitorPriority, as the database returned it.
struct MonitorRow {
  std::uint32_t id = 0;
  std::optional<std::string> id_token;
  std::optional<std::string> tls_name;
  std::optional<std::uint32_t> account_id;
  std::optional<std::string> monitor_ip;
  std::optional<double> avg_rtt;            // ms; NULL when every rtt in the window is NULL
  std::optional<std::int64_t> monitor_priority;  // NULL with avg_rtt (D1)
  double avg_step = 0;
  bool healthy = false;                      // the SQL column: AVG(step) >= 0
  GlobalStatus monitor_status = GlobalStatus::pending;
  std::optional<ServerStatus> status;        // NULL: no server_scores row
  std::int64_t count = 0;
  std::optional<std::string> account_flags;
  std::optional<std::string> constraint_violation_type;
  std::optional<TimePoint> constraint_violation_since;
  std::optional<TimePoint> last_constraint_check;
  std::optional<std::string> pause_reason;
};

// §2.3 plus the result of §4: the record every rule reads.
struct Monitor {
  std::uint32_t id = 0;
  std::optional<std::uint32_t> account_id;
  std::string ip;                            // "" = cannot check
  GlobalStatus global = GlobalStatus::pending;
  ServerStatus server_status = ServerStatus::candidate;  // NULL -> candidate
  bool has_server_score = true;              // false: status was NULL
  bool healthy = false;                      // IsHealthy
  std::optional<std::int64_t> priority;      // nullopt only under D1
  std::int64_t count = 0;
  Violation violation = Violation::none;     // current violation (§4.2, §4.3)
  State state = State::in;                   // §4.4
  std::optional<std::string> stored_violation_type;
  std::optional<TimePoint> stored_violation_since;
  std::optional<TimePoint> last_constraint_check;
  std::optional<std::string> pause_reason;
};

// §4.1: one account's limit and its monitors' counts on this server.
struct AccountLimit {
  std::int64_t max_per_server = 2;  // X
  std::int64_t active = 0;
  std::int64_t testing = 0;

  friend bool operator==(const AccountLimit&, const AccountLimit&) = default;
};
using AccountLimits = std::map<std::uint32_t, AccountLimit>;

}  // namespace ntpmon::selection
