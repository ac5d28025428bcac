#pragma once
// What the request handlers share: the database, the keys, the CA, metrics, settings, the
// clock. Everything here is thread-safe to use from the HTTP server's threads.

#include <chrono>
#include <functional>

#include "api_metrics.h"
#include "db/pool.h"
#include "log/logger.h"
#include "pki/ca.h"
#include "settings.h"
#include "ticket_store.h"

namespace ntpmon::monitor_api {

using Clock = std::function<std::chrono::system_clock::time_point()>;

struct ApiContext {
  db::Pool& pool;
  TicketStore& tickets;
  const pki::CertificateAuthority& ca;
  ApiMetrics& metrics;
  const ApiSettings& settings;
  log::Logger logger;
  Clock now = [] { return std::chrono::system_clock::now(); };
  std::string public_url;  // base of registration links (settings.public_url or derived)
};

}  // namespace ntpmon::monitor_api
