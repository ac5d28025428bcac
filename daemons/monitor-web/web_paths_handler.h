#pragma once
// The web application's paths (spec scores-api.md §1.4, §1.5, §1.6, §6.2): /scores/...,
// /s/..., /graph/... .

#include "request_context.h"
#include "web_http.h"

namespace ntpmon::web {

// Any path whose first segment is "scores" or "s".
WebResponse handle_scores_paths(RequestContext& ctx);

// /graph/{server}/{name}.
WebResponse handle_graph_path(RequestContext& ctx);

// The rows the graph draws: those of json?monitor=*&limit=6500 (§4.2).
std::vector<HistoryEntry> graph_history(WebStore& store, const ServerInfo& server, std::chrono::sys_seconds now);

// The data of the /scores/<ip> page.
ScorePageData load_score_page(RequestContext& ctx, const ServerInfo& server);

}  // namespace ntpmon::web
