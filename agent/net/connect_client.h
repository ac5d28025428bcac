#pragma once
// MonitorApi as Connect unary calls with the JSON codec over mutual TLS (spec/api.md
// "Project decisions"; spec/agent.md §14): POST /monitor.v2.MonitorService/<Method>,
// Content-Type application/json, Connect-Protocol-Version 1, the agent's User-Agent, and the
// client certificate from the holder on every handshake.
//
// Connection-pool flusher (§14): a call that fails without an answer is retried once on a
// fresh connection; an answer of 401/403 closes the kept-alive connection.

#include "net/http_client.h"
#include "net/monitor_api.h"

namespace ntpmon::agent {

class ConnectClient final : public MonitorApi {
 public:
  explicit ConnectClient(HttpClientOptions options);

  api::GetConfigResponse get_config(const api::GetConfigRequest& request, std::stop_token stop) override;
  api::GetServersResponse get_servers(const api::GetServersRequest& request, std::stop_token stop) override;
  api::SubmitResultsResponse submit_results(const api::SubmitResultsRequest& request, std::stop_token stop) override;

 private:
  std::string call(const char* path, const std::string& body, std::stop_token stop);

  HttpClient client_;
};

}  // namespace ntpmon::agent
