#include "net/http_config_api.h"

#include "api/connect_error.h"
#include "api/json_codec.h"
#include "api/paths.h"

namespace ntpmon::agent {
namespace {

HttpClient::Headers bearer(const std::string& api_key) {
  return {{"Authorization", "Bearer " + api_key}, {"Accept", api::kJsonContentType}};
}

// 401 -> ApiAuthorizationError; other non-2xx -> api::ApiError naming the endpoint.
void check_status(const HttpResponse& r, const std::string& endpoint) {
  if (r.status == 401) throw ApiAuthorizationError();
  if (r.status < 200 || r.status > 299) {
    const api::ApiError e = api::error_from_response(r.status, r.body);
    std::string trace;
    if (auto it = r.headers.find("traceid"); it != r.headers.end()) trace = " (trace " + it->second + ")";
    throw api::ApiError(e.code(), endpoint + ": unexpected response code: " + std::to_string(r.status) + trace +
                                      ": " + e.message());
  }
}

}  // namespace

HttpConfigApi::HttpConfigApi(HttpClientOptions options) : client_(std::move(options)) {}

api::MonitorStatusConfig HttpConfigApi::fetch_config(const std::string& api_key, std::stop_token stop) {
  const HttpResponse r = client_.get(api::kConfigPath, bearer(api_key), std::move(stop));
  check_status(r, "GET " + std::string(api::kConfigPath));
  try {
    return api::decode_monitor_status_config(r.body);
  } catch (const api::DecodeError& e) {
    throw std::runtime_error(std::string("GET ") + api::kConfigPath + ": invalid answer: " + e.what());
  }
}

api::CertificateResponse HttpConfigApi::request_certificate(const std::string& api_key, const std::string& csr_pem,
                                                            std::stop_token stop) {
  api::CertificateRequestBody body;
  body.csr = csr_pem;
  const HttpResponse r =
      client_.post(api::kCertificatePath, bearer(api_key), api::to_json(body), api::kJsonContentType, std::move(stop));
  check_status(r, "POST " + std::string(api::kCertificatePath));
  try {
    auto response = api::decode_certificate_response(r.body);
    if (response.certificate.empty()) throw std::runtime_error("the answer has no certificate");
    return response;
  } catch (const api::DecodeError& e) {
    throw std::runtime_error(std::string("POST ") + api::kCertificatePath + ": invalid answer: " + e.what());
  }
}

}  // namespace ntpmon::agent
