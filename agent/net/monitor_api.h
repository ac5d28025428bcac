#pragma once
// The monitor RPCs the agent calls (spec/api.md §4, monitor.v2.MonitorService). An interface
// so the monitoring loop can be tested without a server.

#include <stop_token>

#include "api/messages.h"

namespace ntpmon::agent {

class MonitorApi {
 public:
  virtual ~MonitorApi() = default;
  // Each throws api::ApiError for an error answer (Connect code and message) and
  // TransportError when no answer came; a stop request aborts the call.
  virtual api::GetConfigResponse get_config(const api::GetConfigRequest& request, std::stop_token stop) = 0;
  virtual api::GetServersResponse get_servers(const api::GetServersRequest& request, std::stop_token stop) = 0;
  virtual api::SubmitResultsResponse submit_results(const api::SubmitResultsRequest& request,
                                                    std::stop_token stop) = 0;
};

}  // namespace ntpmon::agent
