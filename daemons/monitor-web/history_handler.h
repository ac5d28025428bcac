#pragma once
// The score history endpoints: E1/E2 `/api/data/server/scores/{server}/{log|json}` (also
// served on `/scores/{ip}/{log|json}`), E7 the Grafana range endpoint and E8's POST redirect
// (spec scores-api.md §1.3, §1.7, §6.2).

#include <string>

#include "request_context.h"
#include "server_model.h"
#include "web_http.h"

namespace ntpmon::web {

// E1/E2 on the data-API paths: mode check, server lookup (404 for servers deleted more than
// 30 days ago), then history_response().
WebResponse handle_api_history(RequestContext& ctx, const std::string& server_text, const std::string& mode);

// The history of a found server in `mode` ("log", "json" or "monitor"): monitor selection,
// rows, body and headers.
WebResponse history_response(RequestContext& ctx, const ServerInfo& server, const std::string& mode);

// E7.
WebResponse handle_grafana_history(RequestContext& ctx, const std::string& server_text, const std::string& mode);

// E8: 303 to /scores/{server}/{mode}?<query>.
WebResponse handle_history_post(const RequestContext& ctx, const std::string& server_text, const std::string& mode);

}  // namespace ntpmon::web
