#pragma once
// Every HTTPS request of monitor-api comes here: routing, the checks common to an endpoint
// kind (method, content type, body size, Connect protocol version), the mapping of every
// failure to a Connect JSON error, request metrics and the access log. handle() never throws.

#include "api_context.h"
#include "http_types.h"

namespace ntpmon::monitor_api {

class ApiRouter {
 public:
  explicit ApiRouter(ApiContext& ctx) : ctx_(ctx) {}
  ApiResponse handle(const ApiRequest& request) noexcept;

 private:
  ApiContext& ctx_;
};

}  // namespace ntpmon::monitor_api
