#pragma once
// monitor-web's request handling: routes a WebRequest to its handler and never throws; a
// database failure is a 500, a connection lost mid-request is retried once on a new one.

#include <chrono>
#include <memory>

#include "db/pool.h"
#include "log/logger.h"
#include "lookup_cache.h"
#include "metrics/registry.h"
#include "request_context.h"
#include "web_http.h"

namespace ntpmon::web {

struct WebAppOptions {
  // How long looked-up servers and default monitors are reused (LookupCache); 0: not at all.
  std::chrono::milliseconds lookup_cache_ttl{10000};
};

class WebApp {
 public:
  // `registry` may be null (no metrics).
  WebApp(db::Pool& pool, Clock clock, log::Logger logger, metrics::Registry* registry = nullptr,
         WebAppOptions options = {});
  ~WebApp();
  WebApp(const WebApp&) = delete;
  WebApp& operator=(const WebApp&) = delete;

  // Thread-safe. HEAD is answered like GET (the listener drops the body).
  WebResponse handle(const WebRequest& request) const;

 private:
  WebResponse route(const WebRequest& request, const std::vector<std::string>& segments, LazyStore& store,
                    std::chrono::sys_seconds now) const;

  db::Pool& pool_;
  Clock clock_;
  log::Logger logger_;
  mutable LookupCache cache_;
  struct Metrics;
  std::unique_ptr<Metrics> metrics_;
};

// The system clock, truncated to seconds.
Clock system_clock();

}  // namespace ntpmon::web
