#pragma once
// ConfigApi over HTTPS: GET /monitor/api/config and POST /monitor/api/certificate with the
// API key as bearer token (spec/api.md §8, "Project decisions").

#include <memory>

#include "net/http_client.h"
#include "state/config_api.h"

namespace ntpmon::agent {

class HttpConfigApi final : public ConfigApi {
 public:
  explicit HttpConfigApi(HttpClientOptions options);

  api::MonitorStatusConfig fetch_config(const std::string& api_key, std::stop_token stop) override;
  api::CertificateResponse request_certificate(const std::string& api_key, const std::string& csr_pem,
                                               std::stop_token stop) override;

 private:
  HttpClient client_;
};

}  // namespace ntpmon::agent
