#pragma once
// The /monitors page: every monitor (an agent, one monitors row per IP family) with its
// account, per-family status, last contact and client version.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ntpmon::web {

// One monitors row of type 'monitor'.
struct MonitorRow {
  std::uint32_t id = 0;
  std::optional<std::string> tls_name;
  std::string location;
  std::optional<std::string> ip_version;  // "v4", "v6"
  std::string status;                     // monitors.status
  std::optional<std::int64_t> last_seen;  // Unix seconds
  std::optional<std::int64_t> last_submit;
  std::string client_version;
  std::optional<std::string> account_name;
};

// The rows of one agent: same tls_name (rows without one stand alone).
struct MonitorAgent {
  std::string name;  // display name
  std::optional<std::string> account_name;
  std::vector<MonitorRow> families;  // v4 before v6
};

std::vector<MonitorAgent> group_monitor_rows(const std::vector<MonitorRow>& rows);

struct MonitorsPageData {
  std::vector<MonitorAgent> agents;
  std::chrono::sys_seconds now{};
};

std::string render_monitors_page(const MonitorsPageData& data);

// "2025-06-01 11:55:00 (5m ago)"; "never" for no time.
std::string time_with_age(const std::optional<std::int64_t>& unix_seconds, std::chrono::sys_seconds now);

}  // namespace ntpmon::web
