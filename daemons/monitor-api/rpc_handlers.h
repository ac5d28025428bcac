#pragma once
// The three Connect RPCs of monitor.v2.MonitorService (spec/api.md §4.3-§4.5, scorer.md §2-§3)
// over mTLS, JSON codec. Each takes a request whose route, method, content type and size the
// router already checked, and returns the response or throws api::ApiError.

#include "api_context.h"
#include "http_types.h"

namespace ntpmon::monitor_api {

ApiResponse handle_get_config(ApiContext& ctx, const ApiRequest& request);
ApiResponse handle_get_servers(ApiContext& ctx, const ApiRequest& request);
ApiResponse handle_submit_results(ApiContext& ctx, const ApiRequest& request);

}  // namespace ntpmon::monitor_api
