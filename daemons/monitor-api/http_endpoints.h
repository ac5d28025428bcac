#pragma once
// The HTTP API of monitor-api (spec/api.md §8 as this project serves it), on the same TLS
// port as the RPCs but without a client certificate:
//   POST /monitor/api/registration       agent registration (Registration-ID header, form body)
//   GET  /monitor/api/config             name, tls_name, per-family IP and status (API key)
//   POST /monitor/api/certificate        a client certificate from a CSR (API key)
//   GET  /monitor/registration/<token>   what the registration URL shows an operator
// Each returns the response or throws api::ApiError.

#include "api_context.h"
#include "http_types.h"

namespace ntpmon::monitor_api {

ApiResponse handle_registration(ApiContext& ctx, const ApiRequest& request);
ApiResponse handle_config(ApiContext& ctx, const ApiRequest& request);
ApiResponse handle_certificate(ApiContext& ctx, const ApiRequest& request);
ApiResponse handle_registration_page(ApiContext& ctx, const ApiRequest& request, std::string_view token);

}  // namespace ntpmon::monitor_api
