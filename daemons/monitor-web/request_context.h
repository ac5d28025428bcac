#pragma once
// What a handler gets: the request, its decoded path segments and query, the time, and a
// database store leased on first use.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "db/pool.h"
#include "log/logger.h"
#include "lookup_cache.h"
#include "request_params.h"
#include "web_http.h"
#include "web_store.h"

namespace ntpmon::web {

using Clock = std::function<std::chrono::sys_seconds()>;

// Leases a connection from the pool when a handler first needs the database.
class LazyStore {
 public:
  LazyStore(db::Pool& pool, log::Logger logger) : pool_(pool), logger_(std::move(logger)) {}
  WebStore& get();
  // The connection failed: close it instead of returning it to the pool.
  void mark_broken();
  bool used() const { return lease_.has_value(); }

 private:
  db::Pool& pool_;
  log::Logger logger_;
  std::optional<db::Lease> lease_;
  std::optional<WebStore> store_;
};

struct RequestContext {
  const WebRequest& request;
  const QueryParams& query;
  const std::vector<std::string>& segments;  // decoded path segments, without the leading ""
  std::chrono::sys_seconds now;
  LazyStore& store;
  const log::Logger& logger;
  LookupCache& cache;

  bool is_loopback_client() const;
};

}  // namespace ntpmon::web
