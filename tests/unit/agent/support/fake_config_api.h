#pragma once
// A fake of monitor-api's HTTP API for the agent tests (spec/agent.md §20 fixture): plain HTTP
// on 127.0.0.1, GET /monitor/api/config answers 401 without a bearer token (or for keys marked
// unauthorized) and the configured status otherwise; POST /monitor/api/certificate issues a
// certificate for the CSR from an in-process CA when enabled. Counts what it was asked.

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "api/messages.h"
#include "net/http_config_api.h"

namespace ntpmon::agent::testing {

class FakeConfigApi {
 public:
  FakeConfigApi();
  ~FakeConfigApi();
  FakeConfigApi(const FakeConfigApi&) = delete;
  FakeConfigApi& operator=(const FakeConfigApi&) = delete;

  std::string base_url() const;
  // An HttpConfigApi pointed at this server.
  std::shared_ptr<HttpConfigApi> client() const;

  void set_config(const api::MonitorStatusConfig& config);
  // Non-zero: every config request is answered with this status (e.g. 500).
  void set_config_failure(int status);
  void set_unauthorized_key(const std::string& key);
  // Issue certificates of this lifetime for CSRs (otherwise 403 permission_denied).
  void enable_certificates(std::chrono::seconds lifetime = std::chrono::hours(24 * 30));
  // Delay every answer (to test that a stop aborts a call in flight).
  void set_delay(std::chrono::milliseconds delay);

  int config_requests() const;
  std::vector<std::string> config_keys() const;   // bearer tokens, in order
  int certificate_requests() const;
  std::vector<std::string> remote_addresses() const;
  std::string ca_pem() const;  // the CA that signs issued certificates (after enable_certificates)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ntpmon::agent::testing
