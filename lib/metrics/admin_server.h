#pragma once
// The admin HTTP server of a daemon: GET /metrics (Prometheus text) and GET /__health
// (200 "ok" while the health check passes, 503 and the reason otherwise).
// It listens from construction on a thread of its own; stop() or the destructor stops it
// promptly and joins the thread.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "log/logger.h"
#include "metrics/registry.h"

namespace ntpmon::metrics {

struct HealthStatus {
  bool healthy = true;
  std::string reason;  // why not healthy

  static HealthStatus ok() { return {}; }
  static HealthStatus unhealthy(std::string why) { return {false, std::move(why)}; }
};

// Called on the server's threads; must be thread-safe. An exception counts as unhealthy.
using HealthCheck = std::function<HealthStatus()>;

class AdminServer {
 public:
  // `listen` is "host:port" (see listen_address.h); port 0 picks a free port. Throws
  // std::invalid_argument for a bad address and std::runtime_error when it cannot bind.
  AdminServer(std::string_view listen, const Registry& registry, HealthCheck health,
              log::Logger logger = {});
  ~AdminServer();
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  // The port actually bound.
  std::uint16_t port() const;
  // host:port actually bound, e.g. "127.0.0.1:43121".
  std::string address() const;

  // Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ntpmon::metrics
