#pragma once
// An in-memory MonitorApi for the worker tests: scripted GetConfig / GetServers answers,
// recorded calls and submissions.

#include <condition_variable>
#include <functional>
#include <mutex>
#include <vector>

#include "api/connect_error.h"
#include "api/ulid.h"
#include "net/monitor_api.h"

namespace ntpmon::agent::testing {

class FakeMonitorApi final : public MonitorApi {
 public:
  api::GetConfigResponse config;
  std::function<api::GetServersResponse()> servers;  // default: empty batches
  std::function<void()> on_get_servers;              // e.g. to fail: throw api::ApiError

  api::GetConfigResponse get_config(const api::GetConfigRequest& request, std::stop_token) override {
    std::lock_guard lock(mutex_);
    config_requests_.push_back(request);
    cv_.notify_all();
    if (fail_config_) throw api::ApiError(api::ErrorCode::permission_denied, "monitor not active");
    return config;
  }

  api::GetServersResponse get_servers(const api::GetServersRequest& request, std::stop_token) override {
    std::function<api::GetServersResponse()> make;
    std::function<void()> hook;
    {
      std::lock_guard lock(mutex_);
      server_requests_.push_back(request);
      make = servers;
      hook = on_get_servers;
    }
    cv_.notify_all();
    if (hook) hook();
    if (!make) return {};
    return make();
  }

  api::SubmitResultsResponse submit_results(const api::SubmitResultsRequest& request, std::stop_token) override {
    std::lock_guard lock(mutex_);
    submissions_.push_back(request);
    cv_.notify_all();
    return {true};
  }

  void set_fail_config(bool fail) {
    std::lock_guard lock(mutex_);
    fail_config_ = fail;
  }
  std::size_t config_requests() const {
    std::lock_guard lock(mutex_);
    return config_requests_.size();
  }
  std::vector<api::GetServersRequest> server_requests() const {
    std::lock_guard lock(mutex_);
    return server_requests_;
  }
  std::vector<api::SubmitResultsRequest> submissions() const {
    std::lock_guard lock(mutex_);
    return submissions_;
  }
  // Waits until `count` submissions arrived (true) or `limit` passed.
  bool wait_for_submissions(std::size_t count, std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, limit, [&] { return submissions_.size() >= count; });
  }
  bool wait_for_server_requests(std::size_t count, std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, limit, [&] { return server_requests_.size() >= count; });
  }

  // A batch of `n` servers at `ip` (4 or 16 bytes) with distinct tickets.
  static api::GetServersResponse batch(std::size_t n, const std::string& ip_bytes) {
    api::GetServersResponse r;
    r.batch_id = api::Ulid::generate().to_string();
    for (std::size_t i = 0; i < n; ++i) {
      api::Server s;
      s.ip_bytes = ip_bytes;
      s.ticket = "ticket-" + std::to_string(i);
      r.servers.push_back(s);
    }
    return r;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool fail_config_ = false;
  std::vector<api::GetConfigRequest> config_requests_;
  std::vector<api::GetServersRequest> server_requests_;
  std::vector<api::SubmitResultsRequest> submissions_;
};

}  // namespace ntpmon::agent::testing
