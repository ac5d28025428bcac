#include "api_router.h"

#include <chrono>
#include <string_view>

#include "api/json_codec.h"
#include "api/paths.h"
#include "http_endpoints.h"
#include "rpc_handlers.h"

namespace ntpmon::monitor_api {
namespace {

using api::ApiError;
using api::ErrorCode;

enum class Kind { rpc, form_post, json_post, get, unknown };

struct Route {
  std::string_view path;
  std::string_view endpoint;  // metrics label
  Kind kind;
  ApiResponse (*handler)(ApiContext&, const ApiRequest&);
};

constexpr Route kRoutes[] = {
    {api::kGetConfigPath, "GetConfig", Kind::rpc, handle_get_config},
    {api::kGetServersPath, "GetServers", Kind::rpc, handle_get_servers},
    {api::kSubmitResultsPath, "SubmitResults", Kind::rpc, handle_submit_results},
    {api::kRegistrationPath, "registration", Kind::form_post, handle_registration},
    {api::kConfigPath, "config", Kind::get, handle_config},
    {api::kCertificatePath, "certificate", Kind::json_post, handle_certificate},
};

ApiError method_not_allowed(std::string_view allowed) {
  return ApiError(ErrorCode::unimplemented, "use " + std::string(allowed) + " on this endpoint").with_status(405);
}

ApiError too_large() {
  return ApiError(ErrorCode::resource_exhausted,
                  "the request body exceeds " + std::to_string(api::kMaxRequestBodyBytes) + " bytes")
      .with_status(413);
}

void check_json_body(const ApiRequest& request) {
  std::string type = request.header("Content-Type");
  if (!content_type_is(type, api::kJsonContentType)) {
    throw ApiError(ErrorCode::unimplemented, "content type \"" + type.substr(0, 64) +
                                                 "\" is not supported; send application/json")
        .with_status(415);
  }
}

ApiResponse dispatch(ApiContext& ctx, const ApiRequest& request, const Route& route) {
  switch (route.kind) {
    case Kind::rpc:
      if (request.method != "POST") throw method_not_allowed("POST");
      if (request.body_too_large) throw too_large();
      check_json_body(request);
      if (request.has_header(api::kConnectProtocolVersionHeader) &&
          request.header(api::kConnectProtocolVersionHeader) != "1") {
        throw ApiError(ErrorCode::invalid_argument, "Connect-Protocol-Version must be 1");
      }
      break;
    case Kind::json_post:
      if (request.method != "POST") throw method_not_allowed("POST");
      if (request.body_too_large) throw too_large();
      check_json_body(request);
      break;
    case Kind::form_post:
      if (request.method != "POST") throw method_not_allowed("POST");
      if (request.body_too_large) throw too_large();
      break;
    case Kind::get:
      if (request.method != "GET") throw method_not_allowed("GET");
      if (request.body_too_large) throw too_large();
      break;
    case Kind::unknown:
      break;
  }
  return route.handler(ctx, request);
}

}  // namespace

ApiResponse ApiRouter::handle(const ApiRequest& request) noexcept {
  const auto start = std::chrono::steady_clock::now();
  std::string_view endpoint = "unknown";
  ApiResponse response;
  std::string failure;  // for the log
  std::string code = "ok";
  try {
    try {
      const Route* route = nullptr;
      for (const auto& r : kRoutes) {
        if (request.path == r.path) route = &r;
      }
      if (route != nullptr) {
        endpoint = route->endpoint;
        response = dispatch(ctx_, request, *route);
      } else if (request.path.rfind(api::kRegistrationPagePrefix, 0) == 0) {
        endpoint = "registration_page";
        if (request.method != "GET") throw method_not_allowed("GET");
        response = handle_registration_page(ctx_, request,
                                            std::string_view(request.path).substr(std::string_view(api::kRegistrationPagePrefix).size()));
      } else {
        throw ApiError(ErrorCode::not_found, "no such endpoint: " + request.method + " " + request.path.substr(0, 128));
      }
    } catch (const ApiError&) {
      throw;
    } catch (const api::DecodeError& e) {
      throw ApiError(ErrorCode::invalid_argument, e.what());
    } catch (const std::exception& e) {
      failure = e.what();
      throw ApiError(ErrorCode::internal, "internal error");
    }
  } catch (const ApiError& e) {
    response = error_response(e);
    code = std::string(api::to_string(e.code()));
    if (failure.empty()) failure = e.message();
  } catch (...) {
    response = error_response(ErrorCode::internal, "internal error");
    code = "internal";
    failure = "unknown exception";
  }
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ctx_.metrics.request(endpoint, code, elapsed);
  if (response.status >= 500) {
    ctx_.logger.error("request failed", {{"endpoint", endpoint}, {"status", response.status}, {"client", request.remote_addr},
                                         {"error", failure}, {"duration", elapsed}});
  } else if (response.status >= 400) {
    ctx_.logger.info("request refused", {{"endpoint", endpoint}, {"status", response.status}, {"code", code},
                                         {"client", request.remote_addr}, {"error", failure}, {"duration", elapsed}});
  } else {
    ctx_.logger.debug("request", {{"endpoint", endpoint}, {"client", request.remote_addr}, {"duration", elapsed}});
  }
  return response;
}

}  // namespace ntpmon::monitor_api
