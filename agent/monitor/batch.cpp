#include "monitor/batch.h"

#include <functional>
#include <optional>
#include <vector>

#include "api/ulid.h"
#include "core/task_threads.h"
#include "ntp/check_host.h"
#include "ntp/render.h"

namespace ntpmon::agent {

BatchResult run_batch(const BatchContext& ctx, std::stop_token stop) {
  BatchResult result;
  api::GetServersResponse servers;
  try {
    servers = ctx.api.get_servers(api::GetServersRequest{ctx.mon_id}, stop);
  } catch (const std::exception& e) {
    if (stop.stop_requested()) {
      result.abandoned = true;
      return result;
    }
    throw std::runtime_error(std::string("getting server list: ") + e.what());
  }
  if (servers.config) ctx.config.set(operational_config_from(*servers.config));
  if (servers.servers.empty()) return result;

  try {
    result.batch_id = api::Ulid::parse(servers.batch_id).to_string();
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(std::string("failed to unmarshal batch ID: ") + e.what());
  }
  const log::Logger logger = ctx.logger.with({{"batchID", result.batch_id}});
  if (ctx.once && servers.servers.size() > kOnceServerLimit) servers.servers.resize(kOnceServerLimit);

  const ntp::CheckOptions options = check_options(ctx.config.get(), ctx.family, ctx.measure, logger);
  std::vector<std::optional<api::ServerStatus>> statuses(servers.servers.size());
  std::vector<std::function<void()>> tasks;
  tasks.reserve(servers.servers.size());
  for (std::size_t i = 0; i < servers.servers.size(); ++i) {
    tasks.push_back([&, i] {
      const api::Server& server = servers.servers[i];
      const auto ip = api::ip_from_bytes(server.ip_bytes);
      if (server.trace) {
        // §21 A28: traceroute requests produce no status; the server never sends them.
        logger.info("traceroute requested; not supported, skipping", {{"server", ip ? ip->to_string() : "?"}});
        return;
      }
      const ntp::IpAddress target = ip ? to_ntp_address(*ip) : ntp::IpAddress();
      const ntp::CheckResult measured = ntp::check_host(target, options, stop);
      if (measured.cancelled) return;
      if (!measured.error.empty()) {
        logger.info("ntp error", {{"server", target.to_string()}, {"err", ntp::escape_text(measured.error)}});
      }
      statuses[i] = submission_status(measured, server);
    });
  }
  run_concurrently(std::move(tasks));
  if (stop.stop_requested()) {
    result.abandoned = true;
    return result;
  }

  api::SubmitResultsRequest submit;
  submit.version = kSubmitResultsVersion;
  submit.mon_id = ctx.mon_id;
  submit.batch_id = servers.batch_id;
  for (auto& s : statuses) {
    if (s) submit.list.push_back(std::move(*s));
  }
  api::SubmitResultsResponse response;
  try {
    response = ctx.api.submit_results(submit, stop);
  } catch (const std::exception& e) {
    if (stop.stop_requested()) {
      result.abandoned = true;
      return result;
    }
    throw std::runtime_error(std::string("SubmitResults: ") + e.what());
  }
  if (!response.ok) throw std::runtime_error("SubmitResults not okay");
  result.count = submit.list.size();
  return result;
}

}  // namespace ntpmon::agent
