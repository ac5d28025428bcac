#pragma once
// A servers row as the web service uses it, and the deletion-age rules (spec scores-api.md
// §6.3).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace ntpmon::web {

struct ServerInfo {
  std::uint32_t id = 0;
  std::string ip;          // canonical text, as stored
  std::string ip_version;  // "v4" or "v6"
  std::optional<std::string> hostname;
  bool in_pool = false;
  std::uint32_t netspeed = 0;
  double score_raw = 0;
  std::optional<std::int64_t> score_ts;     // Unix seconds
  std::optional<std::int64_t> deletion_on;  // Unix seconds of the date's midnight (UTC)
  std::optional<std::uint32_t> account_id;
};

// Ages after which a deleted server disappears from one output or another.
enum class DeletionHorizon {
  api,           // 30 days: the data API answers "server not found"
  graph,         // 7 days: the graph is 404
  page_history,  // 6 months: the page hides its score and history
  page,          // 3 years: the page is 404
};

// True when `deletion_on` is set and lies more than the horizon before `now`.
bool deleted_beyond(const ServerInfo& server, DeletionHorizon horizon, std::chrono::sys_seconds now);

}  // namespace ntpmon::web
