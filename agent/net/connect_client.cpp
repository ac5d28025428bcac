#include "net/connect_client.h"

#include "api/connect_error.h"
#include "api/json_codec.h"
#include "api/paths.h"

namespace ntpmon::agent {

ConnectClient::ConnectClient(HttpClientOptions options) : client_(std::move(options)) {}

std::string ConnectClient::call(const char* path, const std::string& body, std::stop_token stop) {
  const HttpClient::Headers headers = {{api::kConnectProtocolVersionHeader, "1"}, {"Accept", api::kJsonContentType}};
  HttpResponse r;
  try {
    r = client_.post(path, headers, body, api::kJsonContentType, stop);
  } catch (const TransportError& e) {
    if (e.cancelled()) throw;
    client_.close_connections();
    r = client_.post(path, headers, body, api::kJsonContentType, stop);
  }
  if (r.status == 200) return std::move(r.body);
  if (r.status == 401 || r.status == 403) client_.close_connections();
  const api::ApiError e = api::error_from_response(r.status, r.body);
  throw api::ApiError(e.code(), std::string(path) + ": " + e.message());
}

namespace {

template <typename Decode>
auto decode(const char* path, const std::string& body, Decode decoder) {
  try {
    return decoder(body, api::UnknownFields::ignore);
  } catch (const api::DecodeError& e) {
    throw api::ApiError(api::ErrorCode::internal, std::string(path) + ": invalid answer: " + e.what());
  }
}

}  // namespace

api::GetConfigResponse ConnectClient::get_config(const api::GetConfigRequest& request, std::stop_token stop) {
  return decode(api::kGetConfigPath, call(api::kGetConfigPath, api::to_json(request), std::move(stop)),
                api::decode_get_config_response);
}

api::GetServersResponse ConnectClient::get_servers(const api::GetServersRequest& request, std::stop_token stop) {
  return decode(api::kGetServersPath, call(api::kGetServersPath, api::to_json(request), std::move(stop)),
                api::decode_get_servers_response);
}

api::SubmitResultsResponse ConnectClient::submit_results(const api::SubmitResultsRequest& request,
                                                         std::stop_token stop) {
  return decode(api::kSubmitResultsPath, call(api::kSubmitResultsPath, api::to_json(request), std::move(stop)),
                api::decode_submit_results_response);
}

}  // namespace ntpmon::agent
