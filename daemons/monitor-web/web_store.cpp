#include "web_store.h"

#include <algorithm>
#include <array>

#include "display_name.h"
#include "score_attributes.h"
#include "sql/web.h"

namespace ntpmon::web {
namespace {

std::int64_t unix_seconds(std::chrono::sys_seconds t) { return t.time_since_epoch().count(); }
std::int64_t unix_seconds(std::chrono::sys_days d) {
  return std::chrono::sys_seconds{d}.time_since_epoch().count();
}
template <typename T>
std::optional<std::int64_t> unix_seconds(const std::optional<T>& t) {
  if (!t) return std::nullopt;
  return unix_seconds(*t);
}
std::optional<std::int64_t> unix_seconds(const std::optional<std::chrono::sys_time<std::chrono::microseconds>>& t) {
  if (!t) return std::nullopt;
  return std::chrono::floor<std::chrono::seconds>(*t).time_since_epoch().count();
}

template <typename Row>
ServerInfo to_server(const Row& r) {
  ServerInfo s;
  s.id = r.id;
  s.ip = r.ip;
  s.ip_version = std::string(sql::to_string(r.ip_version));
  s.hostname = r.hostname;
  s.in_pool = r.in_pool != 0;
  s.netspeed = r.netspeed;
  s.score_raw = r.score_raw;
  s.score_ts = unix_seconds(r.score_ts);
  s.deletion_on = unix_seconds(r.deletion_on);
  s.account_id = r.account_id;
  return s;
}

template <typename Row>
std::optional<ServerInfo> to_server(const std::optional<Row>& r) {
  if (!r) return std::nullopt;
  return to_server(*r);
}

template <typename Row>
std::vector<HistoryEntry> to_history(std::vector<Row>&& rows, const log::Logger& logger, std::uint32_t server_id) {
  std::vector<HistoryEntry> out;
  out.reserve(rows.size());
  for (Row& r : rows) {
    HistoryEntry e;
    e.id = r.id;
    e.ts = unix_seconds(r.ts);
    e.offset = r.offset;
    e.step = r.step;
    e.score = r.score;
    e.monitor_id = r.monitor_id;
    e.rtt_us = r.rtt;
    if constexpr (requires { r.attributes; }) {
      if (r.monitor_id && r.monitor_location) {  // the LEFT JOIN found the monitor row
        e.monitor_name = monitor_display_name(r.monitor_tls_name, *r.monitor_location, *r.monitor_id);
      }
      if (r.attributes) {
        if (auto attributes = parse_score_attributes(*r.attributes)) {
          e.leap = attributes->leap;
          e.error = std::move(attributes->error);
        } else {
          logger.warn("log_scores.attributes is not a JSON object; ignored",
                      {{"log_score_id", r.id}, {"server_id", server_id}});
        }
      }
    } else {
      (void)logger;
      (void)server_id;
    }
    out.push_back(std::move(e));
  }
  return out;
}

template <typename Row>
std::vector<MonitorScore> to_monitor_scores(const std::vector<Row>& rows) {
  std::vector<MonitorScore> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    out.push_back({r.monitor_id, monitor_display_name(r.monitor_tls_name, r.monitor_location, r.monitor_id),
                   std::string(sql::to_string(r.monitor_type)), unix_seconds(r.score_ts), r.score_raw,
                   std::string(sql::to_string(r.status))});
  }
  return out;
}

sql::MonitorsIpVersion monitor_family(std::string_view server_ip_version) {
  return sql::parse_monitors_ip_version(server_ip_version);
}

}  // namespace

WebStore::WebStore(soci::session& session, log::Logger logger) : session_(session), logger_(std::move(logger)) {}

std::optional<ServerInfo> WebStore::server_by_id(std::uint32_t id) { return to_server(sql::GetWebServerById(session_, id)); }

std::optional<ServerInfo> WebStore::server_by_ip(const std::string& ip) {
  return to_server(sql::GetWebServerByIp(session_, ip));
}

std::optional<ServerInfo> WebStore::server_by_hostname(const std::string& hostname) {
  return to_server(sql::GetWebServerByHostname(session_, hostname));
}

std::optional<std::uint32_t> WebStore::monitor_id_by_name(const std::string& name, std::string_view ip_version) {
  auto row = sql::FindMonitorIdByName(session_, name, monitor_family(ip_version));
  if (!row) return std::nullopt;
  return row->id;
}

std::optional<std::uint32_t> WebStore::default_scorer_id(std::string_view ip_version) {
  auto row = sql::FindDefaultScorerId(session_, monitor_family(ip_version));
  if (!row) return std::nullopt;
  return row->id;
}

std::vector<HistoryEntry> WebStore::history(const HistoryQuery& q) {
  switch (q.mode) {
    case HistoryQuery::Mode::recent:
      if (!q.details) {
        return to_history(sql::ListRecentHistoryNumbers(session_, q.server_id, q.after, q.monitor_id, q.limit),
                          logger_, q.server_id);
      }
      return to_history(sql::ListRecentHistory(session_, q.server_id, q.after, q.monitor_id, q.limit), logger_,
                        q.server_id);
    case HistoryQuery::Mode::since:
      if (!q.details) {
        return to_history(sql::ListHistorySinceNumbers(session_, q.server_id, q.after, q.monitor_id, q.limit),
                          logger_, q.server_id);
      }
      return to_history(sql::ListHistorySince(session_, q.server_id, q.after, q.monitor_id, q.limit), logger_,
                        q.server_id);
    case HistoryQuery::Mode::full:
      return to_history(sql::ListFullHistory(session_, q.server_id, q.monitor_id), logger_, q.server_id);
    case HistoryQuery::Mode::range:
      return to_history(sql::ListHistoryRange(session_, q.server_id, q.after, q.until, q.monitor_id, q.limit),
                        logger_, q.server_id);
  }
  return {};
}

std::vector<MonitorScore> WebStore::server_scores(std::uint32_t server_id) {
  return to_monitor_scores(sql::ListServerScores(session_, server_id));
}

std::vector<MonitorScore> WebStore::server_scores_after(std::uint32_t server_id, std::chrono::sys_seconds after) {
  return to_monitor_scores(sql::ListRecentServerScores(session_, server_id, after));
}

std::optional<AccountInfo> WebStore::public_account(std::uint32_t account_id) {
  auto row = sql::GetPublicAccount(session_, account_id);
  if (!row) return std::nullopt;
  return AccountInfo{row->id, row->name.value_or(""), row->id_token.value_or("")};
}

std::vector<std::string> WebStore::zone_names(std::uint32_t server_id) {
  std::vector<std::string> out;
  for (auto& row : sql::ListServerZoneNames(session_, server_id)) out.push_back(std::move(row.name));
  return out;
}

std::vector<ServerOverviewRow> WebStore::servers_overview(std::uint32_t after_id, std::uint32_t page_size) {
  std::vector<ServerOverviewRow> out;
  for (const auto& row : sql::ListServersOverview(session_, after_id, page_size)) {
    out.push_back({to_server(row), static_cast<std::uint32_t>(row.active_monitors),
                   static_cast<std::uint32_t>(row.testing_monitors)});
  }
  return out;
}

std::vector<MonitorRow> WebStore::monitors_for_status_page() {
  std::vector<MonitorRow> out;
  for (auto& r : sql::ListMonitorsForStatusPage(session_)) {
    MonitorRow m;
    m.id = r.id;
    m.tls_name = std::move(r.tls_name);
    m.location = std::move(r.location);
    if (r.ip_version) m.ip_version = std::string(sql::to_string(*r.ip_version));
    m.status = std::string(sql::to_string(r.status));
    m.last_seen = unix_seconds(r.last_seen);
    m.last_submit = unix_seconds(r.last_submit);
    m.client_version = std::move(r.client_version);
    m.account_name = std::move(r.account_name);
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<SelectorMonitorRow> WebStore::monitor_selection(std::uint32_t server_id) {
  static constexpr std::array<std::string_view, 4> kOrder = {"active", "testing", "candidate", "paused"};
  std::vector<SelectorMonitorRow> out;
  for (auto& r : sql::ListServerMonitorSelection(session_, server_id)) {
    SelectorMonitorRow m;
    m.monitor_id = r.monitor_id;
    m.name = monitor_display_name(r.monitor_tls_name, r.monitor_location, r.monitor_id);
    m.type = std::string(sql::to_string(r.monitor_type));
    m.monitor_status = std::string(sql::to_string(r.monitor_status));
    if (r.monitor_ip_version) m.ip_version = std::string(sql::to_string(*r.monitor_ip_version));
    m.status = std::string(sql::to_string(r.status));
    m.score_raw = r.score_raw;
    m.score_ts = unix_seconds(r.score_ts);
    m.constraint_violation_type = std::move(r.constraint_violation_type);
    m.constraint_violation_since = unix_seconds(r.constraint_violation_since);
    m.pause_reason = std::move(r.pause_reason);
    out.push_back(std::move(m));
  }
  auto rank = [](const std::string& s) { return std::find(kOrder.begin(), kOrder.end(), s) - kOrder.begin(); };
  std::stable_sort(out.begin(), out.end(), [&](const SelectorMonitorRow& a, const SelectorMonitorRow& b) {
    return rank(a.status) < rank(b.status);
  });
  return out;
}

std::vector<std::pair<std::uint32_t, SelectorDecision>> WebStore::selector_decisions(std::uint32_t server_id,
                                                                                  std::uint32_t limit) {
  std::vector<std::pair<std::uint32_t, SelectorDecision>> out;
  for (auto& r : sql::ListRecentSelectorDecisions(session_, server_id, limit)) {
    SelectorDecision d;
    d.ts = std::chrono::floor<std::chrono::seconds>(r.created_on).time_since_epoch().count();
    d.kind = std::string(sql::to_string(r.kind));
    d.rule = std::move(r.rule);
    d.action = std::move(r.action);
    d.from_status = std::move(r.from_status);
    d.to_status = std::move(r.to_status);
    d.violation_type = std::move(r.violation_type);
    d.reason = std::move(r.reason);
    out.emplace_back(r.monitor_id, std::move(d));
  }
  return out;
}

std::optional<std::pair<std::optional<std::int64_t>, std::optional<std::int64_t>>> WebStore::monitor_review(
    std::uint32_t server_id) {
  auto row = sql::GetServerMonitorReview(session_, server_id);
  if (!row) return std::nullopt;
  return std::make_pair(unix_seconds(row->last_review), unix_seconds(row->next_review));
}

}  // namespace ntpmon::web
