#include "history_handler.h"

#include "cache_policy.h"
#include "db/transient.h"
#include "csv_history.h"
#include "json_history.h"
#include "server_lookup.h"

namespace ntpmon::web {
namespace {

constexpr std::chrono::days kRecentWindow{4};

// A connection that died is not an answer: WebApp retries the request on a fresh one.
void rethrow_if_connection_lost(const std::exception& e) {
  if (db::is_connection_lost(e)) throw;
}
constexpr std::chrono::days kMaxGrafanaRange{90};
constexpr std::uint32_t kDefaultMaxDataPoints = 50000;

// Which rows the `monitor` parameter selects, or the error response.
struct MonitorFilter {
  std::optional<std::uint32_t> monitor_id;  // nullopt: every monitor
  std::optional<WebResponse> error;
};

MonitorFilter resolve_monitor(RequestContext& ctx, const ServerInfo& server) {
  MonitorSelector selector = parse_monitor_selector(ctx.query.get("monitor"));
  switch (selector.kind) {
    case MonitorSelector::Kind::all:
      return {};
    case MonitorSelector::Kind::id:
      return {selector.id, std::nullopt};
    case MonitorSelector::Kind::name: {
      if (!is_acceptable_monitor_name(selector.name)) return {std::nullopt, json_error(404, "monitor not found")};
      std::optional<std::uint32_t> id;
      try {
        id = ctx.store.get().monitor_id_by_name(selector.name, server.ip_version);
      } catch (const std::exception& e) {
        rethrow_if_connection_lost(e);
        ctx.logger.error("monitor lookup failed", {{"server_id", server.id}, {"monitor", selector.name}, {"error", e}});
        return {std::nullopt, json_error(404, "monitor not found (sql)")};
      }
      if (!id) return {std::nullopt, json_error(404, "monitor not found")};
      return {id, std::nullopt};
    }
    case MonitorSelector::Kind::default_scorer: {
      std::optional<std::uint32_t> id;
      if (auto hit = ctx.cache.default_scorer(server.ip_version)) {
        id = *hit;
      } else {
        id = ctx.store.get().default_scorer_id(server.ip_version);
        ctx.cache.put_default_scorer(server.ip_version, id);
      }
      if (!id) {
        // As the original: logged, and the request goes on without a monitor filter.
        ctx.logger.warn("no recentmedian scorer for the server's family; answering with every monitor's rows",
                        {{"server_id", server.id}, {"ip_version", server.ip_version}});
      }
      return {id, std::nullopt};
    }
  }
  return {};
}

void add_history_headers(WebResponse& r, std::span<const HistoryEntry> rows, std::chrono::sys_seconds now) {
  r.set_header("Cache-Control", cache::for_history(rows, now));
  r.set_header("Access-Control-Allow-Origin", "*");
}

std::optional<ServerInfo> api_server(RequestContext& ctx, const std::string& server_text, std::optional<WebResponse>& error) {
  std::optional<ServerInfo> server;
  try {
    server = find_api_server(ctx.store.get(), ctx.cache, server_text);
  } catch (const std::exception& e) {
    rethrow_if_connection_lost(e);
    ctx.logger.error("server lookup failed", {{"server", server_text}, {"error", e}});
    error = json_error(500, "internal error");
    return std::nullopt;
  }
  if (!server || deleted_beyond(*server, DeletionHorizon::api, ctx.now)) {
    error = json_error(404, "server not found");
    return std::nullopt;
  }
  return server;
}

}  // namespace

WebResponse handle_api_history(RequestContext& ctx, const std::string& server_text, const std::string& mode) {
  if (mode != "log" && mode != "json" && mode != "monitor") return json_error(404, "invalid mode");
  std::optional<WebResponse> error;
  auto server = api_server(ctx, server_text, error);
  if (!server) return std::move(*error);
  return history_response(ctx, *server, mode);
}

WebResponse history_response(RequestContext& ctx, const ServerInfo& server, const std::string& mode) {
  MonitorFilter filter = resolve_monitor(ctx, server);
  if (filter.error) return std::move(*filter.error);
  if (mode == "monitor") return text_error(404, "not implemented");

  HistoryQuery q;
  q.server_id = server.id;
  q.monitor_id = filter.monitor_id;
  int limit = parse_limit(ctx.query.get("limit"));
  auto full = ctx.query.get("full_history");
  bool full_history = full && parse_go_bool(*full).value_or(false) && ctx.is_loopback_client();
  if (full_history) {
    q.mode = HistoryQuery::Mode::full;
  } else if (auto since = parse_since(ctx.query.get("since"))) {
    q.mode = HistoryQuery::Mode::since;
    q.after = std::chrono::sys_seconds{std::chrono::seconds{*since}};
  } else {
    q.mode = HistoryQuery::Mode::recent;
    q.after = ctx.now - kRecentWindow;
  }
  q.limit = static_cast<std::uint32_t>(limit);
  q.details = mode == "log";  // JSON shows neither attributes nor names per row

  std::vector<HistoryEntry> rows;
  if (full_history || limit > 0) {
    try {
      rows = ctx.store.get().history(q);
    } catch (const std::exception& e) {
      rethrow_if_connection_lost(e);
      ctx.logger.error("history query failed", {{"server_id", server.id}, {"error", e}});
      return text_error(500, "internal error");
    }
  }

  WebResponse r;
  if (mode == "log") {
    r = ok(kCsvType, render_history_csv(rows), "");
    r.set_header("Content-Disposition", "inline");
  } else {
    std::vector<MonitorScore> scores;
    if (!rows.empty()) {
      try {
        scores = ctx.store.get().server_scores(server.id);
      } catch (const std::exception& e) {
        rethrow_if_connection_lost(e);
        ctx.logger.error("server_scores query failed", {{"server_id", server.id}, {"error", e}});
        return text_error(500, "err");
      }
    }
    r = ok(kJsonType, render_history_json(server.ip, rows, build_monitor_section(rows, scores)), "");
  }
  add_history_headers(r, rows, ctx.now);
  return r;
}

WebResponse handle_grafana_history(RequestContext& ctx, const std::string& server_text, const std::string& mode) {
  if (mode != "json") return json_error(404, "invalid mode - only json supported");
  std::optional<WebResponse> error;
  auto server = api_server(ctx, server_text, error);
  if (!server) return std::move(*error);
  MonitorFilter filter = resolve_monitor(ctx, *server);
  if (filter.error) return std::move(*filter.error);

  auto from_text = ctx.query.get("from");
  auto to_text = ctx.query.get("to");
  if (!from_text) return json_error(400, "from parameter is required");
  if (!to_text) return json_error(400, "to parameter is required");
  auto from = parse_int64(*from_text);
  if (!from) return json_error(400, "invalid from timestamp format");
  auto to = parse_int64(*to_text);
  if (!to) return json_error(400, "invalid to timestamp format");
  if (*from >= *to) return json_error(400, "from must be before to");
  if (*to - *from > std::chrono::seconds{kMaxGrafanaRange}.count()) {
    return json_error(400, "time range cannot exceed 90 days");
  }
  std::uint32_t max_points = kDefaultMaxDataPoints;
  if (auto text = ctx.query.get("maxDataPoints")) {
    auto value = parse_int64(*text);
    if (!value) return json_error(400, "invalid maxDataPoints format");
    if (*value > kDefaultMaxDataPoints) return json_error(400, "maxDataPoints cannot exceed 50000");
    if (*value > 0) max_points = static_cast<std::uint32_t>(*value);
  }

  HistoryQuery q;
  q.mode = HistoryQuery::Mode::range;
  q.server_id = server->id;
  q.monitor_id = filter.monitor_id;
  q.after = std::chrono::sys_seconds{std::chrono::seconds{*from}};
  q.until = std::chrono::sys_seconds{std::chrono::seconds{*to}};
  q.limit = max_points;
  std::vector<HistoryEntry> rows;
  std::vector<MonitorScore> scores;
  try {
    rows = ctx.store.get().history(q);
    if (!rows.empty()) scores = ctx.store.get().server_scores(server->id);
  } catch (const std::exception& e) {
    rethrow_if_connection_lost(e);
    ctx.logger.error("history query failed", {{"server_id", server->id}, {"error", e}});
    return text_error(500, "internal error");
  }
  WebResponse r = ok(kJsonType, render_grafana_json(rows, scores), "");
  add_history_headers(r, rows, ctx.now);
  return r;
}

WebResponse handle_history_post(const RequestContext& ctx, const std::string& server_text, const std::string& mode) {
  std::string location = "/scores/" + percent_encode_segment(server_text) + "/" + percent_encode_segment(mode);
  if (!ctx.request.raw_query.empty()) location += "?" + ctx.request.raw_query;
  return redirect(303, std::move(location));
}

}  // namespace ntpmon::web
