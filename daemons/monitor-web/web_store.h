#pragma once
// The database reads of monitor-web, through the accessors sqlgen generates from
// sql/queries/web.sql. Converts rows to the render models (display names resolved,
// attributes decoded). One WebStore per leased connection; not thread-safe.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "history_model.h"
#include "log/logger.h"
#include "page_monitors.h"
#include "page_overview.h"
#include "page_score.h"
#include "page_selector.h"
#include "server_model.h"

namespace soci {
class session;
}

namespace ntpmon::web {

// Which history rows (spec scores-api.md §1.3.3, §1.7).
struct HistoryQuery {
  enum class Mode { recent, since, full, range };
  Mode mode = Mode::recent;
  std::uint32_t server_id = 0;
  std::optional<std::uint32_t> monitor_id;  // nullopt: every monitor
  std::chrono::sys_seconds after{};         // recent: the cutoff; since: since; range: from
  std::chrono::sys_seconds until{};         // range: to
  std::uint32_t limit = 100;                // not for full
  // Read attributes (leap, error) and monitor names too; the JSON history and the graph do
  // not show them (range mode never reads them, full mode always does).
  bool details = true;
};

class WebStore {
 public:
  WebStore(soci::session& session, log::Logger logger);

  std::optional<ServerInfo> server_by_id(std::uint32_t id);
  std::optional<ServerInfo> server_by_ip(const std::string& canonical_ip);
  std::optional<ServerInfo> server_by_hostname(const std::string& hostname);

  // ip_version: the server's, "v4" or "v6".
  std::optional<std::uint32_t> monitor_id_by_name(const std::string& name, std::string_view ip_version);
  std::optional<std::uint32_t> default_scorer_id(std::string_view ip_version);

  std::vector<HistoryEntry> history(const HistoryQuery& query);

  // server_scores joined with monitors, by monitor id; `scored_after` keeps rows scored later.
  std::vector<MonitorScore> server_scores(std::uint32_t server_id);
  std::vector<MonitorScore> server_scores_after(std::uint32_t server_id, std::chrono::sys_seconds scored_after);

  std::optional<AccountInfo> public_account(std::uint32_t account_id);
  std::vector<std::string> zone_names(std::uint32_t server_id);
  std::vector<ServerOverviewRow> servers_overview(std::uint32_t after_id, std::uint32_t page_size);
  std::vector<MonitorRow> monitors_for_status_page();
  std::vector<SelectorMonitorRow> monitor_selection(std::uint32_t server_id);
  // The newest `limit` rows of the selector's audit record for the server, newest first, as
  // (monitor id, decision).
  std::vector<std::pair<std::uint32_t, SelectorDecision>> selector_decisions(std::uint32_t server_id,
                                                                            std::uint32_t limit);
  // (last_review, next_review) of the selector for the server, if it was ever reviewed.
  std::optional<std::pair<std::optional<std::int64_t>, std::optional<std::int64_t>>> monitor_review(
      std::uint32_t server_id);

 private:
  soci::session& session_;
  log::Logger logger_;
};

}  // namespace ntpmon::web
