#include "status_pages_handler.h"

#include "cache_policy.h"
#include "db/transient.h"
#include "page_monitors.h"
#include "page_overview.h"
#include "page_score.h"
#include "page_selector.h"
#include "server_lookup.h"

namespace ntpmon::web {
namespace {

// The status pages follow the scorer closely: short cache lifetimes.
constexpr std::string_view kStatusCache = "max-age=30";
constexpr unsigned kErNoSuchTable = 1146;
// The newest audit rows read for the selector page (through the (server_id, created_on) index).
constexpr std::uint32_t kSelectorDecisionRows = 500;

}  // namespace

WebResponse handle_overview(RequestContext& ctx) {
  std::uint32_t after = 0;
  if (auto text = ctx.query.get("after")) {
    auto value = parse_uint32(*text);
    if (!value) return text_error(400, "after: not a server id");
    after = *value;
  }
  OverviewPageData data;
  data.now = ctx.now;
  data.has_previous_page = after > 0;
  // One row more than a page tells whether there is a next page.
  data.servers = ctx.store.get().servers_overview(after, kOverviewPageSize + 1);
  if (data.servers.size() > kOverviewPageSize) {
    data.servers.pop_back();
    data.first_id_of_next_page = data.servers.back().server.id + 1;
  }
  return ok(kHtmlType, render_overview_page(data), kStatusCache);
}

WebResponse handle_monitors_page(RequestContext& ctx) {
  MonitorsPageData data;
  data.now = ctx.now;
  data.agents = group_monitor_rows(ctx.store.get().monitors_for_status_page());
  return ok(kHtmlType, render_monitors_page(data), kStatusCache);
}

WebResponse handle_selector_page(RequestContext& ctx) {
  const auto& seg = ctx.segments;
  if (seg.size() != 2 || seg[1].empty()) return text_error(404, "not found");
  WebStore& store = ctx.store.get();
  auto server = find_web_server(store, ctx.cache, seg[1]);
  if (!server || deleted_beyond(*server, DeletionHorizon::page, ctx.now)) {
    WebResponse r = ok(kHtmlType, render_not_found_page("No server with that address or name is known."), cache::kError);
    r.status = 404;
    return r;
  }
  if (seg[1] != server->ip) return redirect(301, "/selector/" + percent_encode_segment(server->ip));
  SelectorPageData data;
  data.server = *server;
  data.now = ctx.now;
  data.monitors = store.monitor_selection(server->id);
  if (auto review = store.monitor_review(server->id)) {
    data.last_review = review->first;
    data.next_review = review->second;
  }
  try {
    attach_decisions(data.monitors, store.selector_decisions(server->id, kSelectorDecisionRows));
  } catch (const std::exception& e) {
    // A database from before the audit record (no selector_log table): statuses only.
    if (db::mysql_error_code(e) != kErNoSuchTable) throw;
    data.audit_available = false;
  }
  return ok(kHtmlType, render_selector_page(data), kStatusCache);
}

}  // namespace ntpmon::web
