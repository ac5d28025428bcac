#pragma once
// The overview page "/": every server with its score, status and monitor counts.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server_model.h"

namespace ntpmon::web {

struct ServerOverviewRow {
  ServerInfo server;
  std::uint32_t active_monitors = 0;   // server_scores rows 'active' of type monitor
  std::uint32_t testing_monitors = 0;  // ... 'testing'
};

struct OverviewPageData {
  std::vector<ServerOverviewRow> servers;  // one page of them, by id
  std::uint32_t first_id_of_next_page = 0;  // 0: this is the last page
  bool has_previous_page = false;
  std::chrono::sys_seconds now{};
  int refresh_seconds = 60;  // the page reloads itself (no script needed)
};

// "deleted", "deletion scheduled", "in pool" or "monitoring only".
std::string server_status_text(const ServerInfo& server, std::chrono::sys_seconds now);

std::string render_overview_page(const OverviewPageData& data);

}  // namespace ntpmon::web
