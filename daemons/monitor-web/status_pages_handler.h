#pragma once
// The monitor's own status pages: "/" (servers), "/monitors", "/selector/{server}".

#include "request_context.h"
#include "web_http.h"

namespace ntpmon::web {

inline constexpr std::uint32_t kOverviewPageSize = 500;

WebResponse handle_overview(RequestContext& ctx);
WebResponse handle_monitors_page(RequestContext& ctx);
WebResponse handle_selector_page(RequestContext& ctx);

}  // namespace ntpmon::web
