#pragma once
// The HTTP API the configuration comes from (spec/api.md §8 as this project's monitor-api
// serves it): GET /monitor/api/config and POST /monitor/api/certificate, both with the API
// key as bearer token. An interface so the state code does not depend on the HTTP library.

#include <stdexcept>
#include <stop_token>
#include <string>

#include "api/messages.h"

namespace ntpmon::agent {

// HTTP 401: the API key is invalid or revoked (§6 "authorization error").
class ApiAuthorizationError : public std::runtime_error {
 public:
  ApiAuthorizationError() : std::runtime_error("api key unauthorized") {}
};

class ConfigApi {
 public:
  virtual ~ConfigApi() = default;
  // Throws ApiAuthorizationError for 401, api::ApiError for another error answer,
  // std::runtime_error for transport failures (all naming the endpoint). A stop request
  // aborts the call.
  virtual api::MonitorStatusConfig fetch_config(const std::string& api_key, std::stop_token stop) = 0;
  virtual api::CertificateResponse request_certificate(const std::string& api_key, const std::string& csr_pem,
                                                       std::stop_token stop) = 0;
};

}  // namespace ntpmon::agent
