#pragma once
// monitor-api assembled: CA, server certificate, ticket keys, database pool, metrics, the
// router and the HTTPS listener. main() runs one; the integration tests and the benchmark run
// one in-process.

#include <cstdint>
#include <memory>
#include <string>

#include "db/dsn.h"
#include "log/logger.h"
#include "metrics/registry.h"
#include "settings.h"

namespace ntpmon::monitor_api {

class ApiServer {
 public:
  // Loads the CA (settings.ca_dir), the server certificate, the ticket keys (created when
  // missing), opens the pool (checking the database once) and starts listening. Throws
  // std::exception subclasses naming what failed.
  ApiServer(ApiSettings settings, const db::Dsn& dsn, log::Logger logger, metrics::Registry& registry);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  std::uint16_t port() const;
  std::string address() const;
  const std::string& public_url() const;
  // Whether the database answers (for /__health).
  bool database_ok(std::string* problem) const;
  // Picks up a changed server certificate or ticket key file.
  void reload_changed_files();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ntpmon::monitor_api
