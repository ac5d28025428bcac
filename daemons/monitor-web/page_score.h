#pragma once
// The /scores/<ip> page (spec scores-api.md §4.1), the graph-only page and the search form.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "history_model.h"
#include "json_history.h"
#include "server_model.h"

namespace ntpmon::web {

struct AccountInfo {
  std::uint32_t id = 0;
  std::string name;
  std::string id_token;
};

struct ScorePageData {
  ServerInfo server;
  std::optional<AccountInfo> account;  // only when the account's profile is public
  std::vector<std::string> zones;
  std::vector<HistoryEntry> history;   // as json?monitor=*&limit=6500
  std::vector<MonitorSectionEntry> monitors;
  std::chrono::sys_seconds now{};
  bool show_explanation = false;       // ?graph_explanation=1
};

// Score threshold for pool use, named on the page.
inline constexpr int kPoolScoreThreshold = 10;

std::string render_score_page(const ScorePageData& data);

// ?graph_only=1: the graph alone, at 425 x 166.
std::string render_graph_only_page(const ScorePageData& data);

// /scores/ without an address: "Search for the server by IP address".
std::string render_search_page();

// A 404 page of the web paths.
std::string render_not_found_page(std::string_view what);

}  // namespace ntpmon::web
