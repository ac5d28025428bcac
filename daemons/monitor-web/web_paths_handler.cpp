#include "web_paths_handler.h"

#include <regex>

#include "cache_policy.h"
#include "history_handler.h"
#include "json_history.h"
#include "page_score.h"
#include "server_lookup.h"
#include "svg_graph.h"

namespace ntpmon::web {
namespace {

constexpr std::uint32_t kGraphRows = 6500;  // the page's chart asks for 6500 rows (§4.2)
constexpr std::chrono::days kRecentWindow{4};
constexpr std::chrono::days kServerMonitorsWindow{120};

std::string with_query(std::string path, const RequestContext& ctx) {
  if (!ctx.request.raw_query.empty()) path += "?" + ctx.request.raw_query;
  return path;
}

std::string scores_path(const ServerInfo& server) { return "/scores/" + percent_encode_segment(server.ip); }
std::string graph_svg_path(const ServerInfo& server) {
  return "/graph/" + percent_encode_segment(server.ip) + "/offset.svg";
}

WebResponse page_not_found(std::string_view what) {
  WebResponse r = ok(kHtmlType, render_not_found_page(what), cache::kError);
  r.status = 404;
  return r;
}

// find(x) for a web path, with the 3-year deletion horizon of the public site.
std::optional<ServerInfo> find_for_page(RequestContext& ctx, const std::string& text) {
  auto server = find_web_server(ctx.store.get(), ctx.cache, text);
  if (!server || deleted_beyond(*server, DeletionHorizon::page, ctx.now)) return std::nullopt;
  return server;
}

WebResponse score_page(RequestContext& ctx, const ServerInfo& server) {
  ScorePageData data = load_score_page(ctx, server);
  bool graph_only = perl_true(ctx.query.get("graph_only"));
  data.show_explanation = perl_true(ctx.query.get("graph_explanation"));
  return ok(kHtmlType, graph_only ? render_graph_only_page(data) : render_score_page(data), cache::kPage);
}

WebResponse server_monitors(RequestContext& ctx, const ServerInfo& server) {
  auto scores = ctx.store.get().server_scores_after(server.id, ctx.now - kServerMonitorsWindow);
  return ok(kJsonType, render_server_monitors_json(scores), cache::kServerMonitors);
}

// /scores/{x}[/{mode}[/{name}]] once x is found.
WebResponse server_path(RequestContext& ctx, const ServerInfo& server, const std::string& x) {
  const auto& seg = ctx.segments;
  std::string mode = seg.size() >= 3 ? seg[2] : std::string();
  bool data_mode = mode == "log" || mode == "json" || mode == "monitors";
  if (x != server.ip) {
    // Not the canonical address (an id, a hostname, another spelling): the same resource at
    // its canonical path; the original dropped the mode (D4).
    std::string path = scores_path(server);
    if (data_mode && seg.size() == 3) path += "/" + mode;
    return redirect(301, with_query(path, ctx));
  }
  if (seg.size() == 2) return score_page(ctx, server);
  if (seg.size() == 3 && (mode == "log" || mode == "json")) return history_response(ctx, server, mode);
  if (seg.size() == 3 && mode == "monitors") return server_monitors(ctx, server);
  if (perl_true(ctx.query.get("log"))) {
    return redirect(301, with_query("/api/data/server/scores/" + percent_encode_segment(server.ip) + "/log", ctx));
  }
  if (mode == "rrd") return page_not_found("No such page.");
  if (mode == "graph") {
    if (seg.size() == 4 && (seg[3] == "offset.png" || seg[3] == "score.png")) {
      return redirect(302, graph_svg_path(server));
    }
    return page_not_found("No such graph.");
  }
  if (seg.size() > 3) return page_not_found("No such page.");
  return redirect(302, scores_path(server));
}

}  // namespace

std::vector<HistoryEntry> graph_history(WebStore& store, const ServerInfo& server, std::chrono::sys_seconds now) {
  HistoryQuery q;
  q.server_id = server.id;
  q.after = now - kRecentWindow;
  q.limit = kGraphRows;
  q.details = false;  // the graph draws numbers only
  return store.history(q);
}

ScorePageData load_score_page(RequestContext& ctx, const ServerInfo& server) {
  WebStore& store = ctx.store.get();
  ScorePageData data;
  data.server = server;
  data.now = ctx.now;
  if (!deleted_beyond(server, DeletionHorizon::page_history, ctx.now)) {
    data.history = graph_history(store, server, ctx.now);
    if (!data.history.empty()) data.monitors = build_monitor_section(data.history, store.server_scores(server.id));
  }
  if (server.account_id) {
    if (auto account = store.public_account(*server.account_id)) data.account = std::move(*account);
  }
  data.zones = store.zone_names(server.id);
  return data;
}

WebResponse handle_scores_paths(RequestContext& ctx) {
  const auto& seg = ctx.segments;
  const std::string& first = seg[0];
  // ?ip= / ?server_ip= on any /scores path: find and go to its page.
  if (first == "scores") {
    auto ip = ctx.query.get("ip");
    if (!ip || ip->empty()) ip = ctx.query.get("server_ip");
    if (ip && !ip->empty()) {
      auto server = find_for_page(ctx, std::string(*ip));
      if (!server) return page_not_found("No server with that address or name is known.");
      return redirect(302, scores_path(*server));
    }
  }
  if (first == "scores" && seg.size() == 2 && seg[1].empty()) {
    return ok(kHtmlType, render_search_page(), cache::kPage);
  }
  if (seg.size() == 1 || (first == "s" && seg.size() == 2 && seg[1].empty())) return redirect(302, "/scores/");
  if (first == "s") {
    if (seg.size() != 2) return page_not_found("No such page.");
    auto server = find_for_page(ctx, seg[1]);
    if (!server) return page_not_found("No server with that address or name is known.");
    return redirect(301, scores_path(*server), cache::kShortLink);
  }
  // /scores/graph/{id}-{score,offset}.png
  if (seg[1] == "graph" && seg.size() == 3) {
    static const std::regex kLegacyGraph("(.+)-(score|offset)\\.png");
    std::smatch m;
    if (std::regex_match(seg[2], m, kLegacyGraph)) {
      auto server = find_for_page(ctx, m[1].str());
      if (!server) return page_not_found("No server with that address or name is known.");
      return redirect(301, "/graph/" + percent_encode_segment(server->ip) + "/offset.png");
    }
  }
  const std::string& x = seg[1];
  auto server = find_for_page(ctx, x);
  if (!server) {
    std::string mode = seg.size() >= 3 ? seg[2] : std::string();
    if (seg.size() == 3 && (mode == "log" || mode == "json")) return json_error(404, "server not found");
    return page_not_found("No server with that address or name is known.");
  }
  return server_path(ctx, *server, x);
}

WebResponse handle_graph_path(RequestContext& ctx) {
  const auto& seg = ctx.segments;
  if (seg.size() != 3) return text_error(404, "not found");
  const std::string& name = seg[2];
  if (name != "offset.svg" && name != "offset.png") return text_error(404, "invalid image name");
  // Any query string: the same path without it (cache protection, §1.6).
  if (!ctx.request.raw_query.empty()) {
    return redirect(308, ctx.request.target_path);
  }
  auto server = find_api_server(ctx.store.get(), ctx.cache, seg[1]);
  if (!server || deleted_beyond(*server, DeletionHorizon::graph, ctx.now)) return text_error(404, "not found");
  if (seg[1] != server->ip) return redirect(308, "/graph/" + percent_encode_segment(server->ip) + "/" + name);
  if (name == "offset.png") return redirect(302, graph_svg_path(*server));  // no rasterizer (§6.2)
  auto history = graph_history(ctx.store.get(), *server, ctx.now);
  return ok(kSvgType, render_offset_graph(server->ip, history, {kPageGraph, true}), cache::kGraph);
}

}  // namespace ntpmon::web
