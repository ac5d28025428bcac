#include "web_app.h"

#include "db/transient.h"
#include "history_handler.h"
#include "path_rules.h"
#include "status_pages_handler.h"
#include "web_paths_handler.h"

namespace ntpmon::web {
namespace {

// More than any pool's connections: a request gets a working connection after a restart.
constexpr int kMaxLostConnectionRetries = 64;

bool is_read(const std::string& method) { return method == "GET" || method == "HEAD"; }

WebResponse method_not_allowed() {
  WebResponse r = text_error(405, "method not allowed");
  r.set_header("Allow", "GET, HEAD");
  return r;
}

// The route family, a bounded label for metrics.
std::string_view route_label(const std::vector<std::string>& seg) {
  const std::string& first = seg[0];
  if (first.empty()) return "overview";
  if (first == "api") return "api";
  if (first == "scores" || first == "s") {
    if (seg.size() == 3 && (seg[2] == "log" || seg[2] == "json")) return "scores_history";
    if (seg.size() == 3 && seg[2] == "monitors") return "scores_monitors";
    return "scores_page";
  }
  if (first == "graph") return "graph";
  if (first == "monitors") return "monitors";
  if (first == "selector") return "selector";
  return "other";
}

}  // namespace

struct WebApp::Metrics {
  metrics::Family<metrics::Counter>* requests = nullptr;
  metrics::Family<metrics::Histogram>* duration = nullptr;
};

Clock system_clock() {
  return [] { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); };
}

WebApp::WebApp(db::Pool& pool, Clock clock, log::Logger logger, metrics::Registry* registry, WebAppOptions options)
    : pool_(pool),
      clock_(std::move(clock)),
      logger_(std::move(logger)),
      cache_(options.lookup_cache_ttl),
      metrics_(std::make_unique<Metrics>()) {
  if (registry) {
    metrics_->requests = &registry->counter_family("web_requests_total", "HTTP requests answered, by route and status.",
                                                   {"route", "status"});
    metrics_->duration = &registry->histogram_family("web_request_duration_seconds", "Time to answer a request.",
                                                     metrics::exponential_buckets(0.0005, 2, 14), {"route"});
  }
}

WebApp::~WebApp() = default;

WebResponse WebApp::handle(const WebRequest& request) const {
  auto started = std::chrono::steady_clock::now();
  WebResponse response;
  std::string_view label = "invalid";
  if (request.target_path.size() > kMaxPathBytes) {
    response = text_error(414, "request path too long (at most 1024 bytes)");
  } else if (auto segments = decode_path_segments(request.target_path); !segments) {
    response = text_error(400, "bad request path: invalid percent-encoding or control character");
  } else {
    label = route_label(*segments);
    for (int attempt = 1;; ++attempt) {
      LazyStore store(pool_, logger_);
      try {
        response = route(request, *segments, store, clock_());
        break;
      } catch (const std::exception& e) {
        // Leased connections are not pinged (a round trip per request); one that died while
        // idle fails at once and is replaced. Every idle one may have died (server restart,
        // wait_timeout), so try until a fresh connection.
        bool lost = db::is_connection_lost(e);
        if (lost) store.mark_broken();
        if (lost && attempt <= kMaxLostConnectionRetries) continue;
        logger_.error("request failed",
                      {{"method", request.method}, {"path", request.target_path}, {"error", e}});
        response = request.target_path.starts_with("/api/") ? json_error(500, "internal error")
                                                            : text_error(500, "internal error");
        break;
      }
    }
  }
  if (metrics_->requests) {
    std::string route(label);
    metrics_->requests->with(std::vector<std::string>{route, std::to_string(response.status)}).inc();
    metrics_->duration->with(std::vector<std::string>{route}).observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  return response;
}

WebResponse WebApp::route(const WebRequest& request, const std::vector<std::string>& seg, LazyStore& store,
                          std::chrono::sys_seconds now) const {
  QueryParams query(request.raw_query);
  RequestContext ctx{request, query, seg, now, store, logger_, cache_};
  const std::string& first = seg[0];

  // The data API: /api/data/<rest> (public) = /api/<rest> (the data-api's own routes).
  if (first == "api") {
    std::size_t base = seg.size() > 1 && seg[1] == "data" ? 2 : 1;
    std::vector<std::string> rest(seg.begin() + static_cast<std::ptrdiff_t>(base), seg.end());
    bool v2 = !rest.empty() && rest[0] == "v2";
    if (v2) rest.erase(rest.begin());
    if (rest.size() == 4 && rest[0] == "server" && rest[1] == "scores") {
      if (!v2 && request.method == "POST") return handle_history_post(ctx, rest[2], rest[3]);
      if (!is_read(request.method)) return method_not_allowed();
      return v2 ? handle_grafana_history(ctx, rest[2], rest[3]) : handle_api_history(ctx, rest[2], rest[3]);
    }
    return text_error(404, "404 page not found", false);  // §1.8: not in the monitor schema
  }

  if (!is_read(request.method)) return method_not_allowed();
  if (auto stripped = strip_trailing_punctuation(request.target_path)) {
    std::string location = *stripped;
    if (!request.raw_query.empty()) location += "?" + request.raw_query;
    return redirect(301, std::move(location));
  }
  if (seg.size() == 1 && first.empty()) return handle_overview(ctx);
  if (first == "scores" || first == "s") return handle_scores_paths(ctx);
  if (first == "graph") return handle_graph_path(ctx);
  if (first == "monitors" && seg.size() == 1) return handle_monitors_page(ctx);
  if (first == "selector") return handle_selector_page(ctx);
  return text_error(404, "404 page not found");
}

}  // namespace ntpmon::web
