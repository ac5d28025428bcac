#include "rpc_handlers.h"

#include <soci/soci.h>

#include "api/json_codec.h"
#include "api/ulid.h"
#include "api_transaction.h"
#include "client_version.h"
#include "get_servers_settings.h"
#include "monitor_identity.h"
#include "rpc_config.h"
#include "submit_plan.h"

namespace ntpmon::monitor_api {
namespace {

using api::ApiError;
using api::ErrorCode;

template <typename Decode>
auto decode_request(Decode decode, const ApiRequest& request) {
  try {
    return decode(request.body, api::UnknownFields::reject);
  } catch (const api::DecodeError& e) {
    throw ApiError(ErrorCode::invalid_argument, e.what());
  }
}

sql::ServersIpVersion server_family(const MonitorRow& m) {
  if (!m.ip_version) {
    throw ApiError(ErrorCode::internal, "monitor " + std::to_string(m.id) + " has no ip_version");
  }
  return *m.ip_version == sql::MonitorsIpVersion::v4 ? sql::ServersIpVersion::v4 : sql::ServersIpVersion::v6;
}

std::string ids_json(const std::vector<sql::GetServersRow>& rows) {
  std::string out = "[";
  for (const auto& r : rows) {
    if (out.size() > 1) out += ',';
    out += '"' + std::to_string(r.server_id) + '"';
  }
  return out + "]";
}

// The batch time as the DATETIME(6) columns hold it.
std::chrono::sys_time<std::chrono::microseconds> micros(api::Ulid::Millis t) {
  return std::chrono::time_point_cast<std::chrono::microseconds>(t);
}

std::string time_text(api::Ulid::Millis t) {
  auto ts = api::Timestamp::from(std::chrono::system_clock::time_point(t));
  return api::format_timestamp(ts);
}

// A batch id names a batch this server (or one sharing its clock) handed out.
constexpr std::chrono::minutes kMaxBatchFuture{5};
constexpr std::chrono::hours kMaxBatchAge{24};

}  // namespace

ApiResponse handle_get_config(ApiContext& ctx, const ApiRequest& request) {
  auto message = decode_request(api::decode_get_config_request, request);
  std::string identity = require_monitor_identity(request.peer, ctx.settings.monitor_domain);
  std::string mon_id = normalize_mon_id(message.mon_id);
  std::string version = client_version_from_user_agent(request.header("User-Agent"));
  auto config = in_transaction(ctx.pool, [&](soci::session& s) {
    MonitorRow monitor = find_monitor(s, identity, mon_id);
    require_live(monitor);
    auto built = load_monitor_config(s, monitor);
    sql::UpdateMonitorSeen(s, monitor.id);
    if (!version.empty() && version != monitor.client_version) {
      sql::UpdateMonitorClientVersion(s, version, monitor.id);
    }
    return built;
  });
  return json_response(api::to_json(config));
}

ApiResponse handle_get_servers(ApiContext& ctx, const ApiRequest& request) {
  auto message = decode_request(api::decode_get_servers_request, request);
  std::string identity = require_monitor_identity(request.peer, ctx.settings.monitor_domain);
  std::string mon_id = normalize_mon_id(message.mon_id);

  struct Batch {
    MonitorRow monitor;
    api::GetConfigResponse config;
    std::vector<api::IpAddress> servers;
  };
  Batch batch = in_transaction(ctx.pool, [&](soci::session& s) {
    Batch b{find_monitor(s, identity, mon_id), {}, {}};
    require_live(b.monitor);
    // The monitor row first, as SubmitResults locks it first: no lock-order deadlock.
    sql::UpdateMonitorSeen(s, b.monitor.id);
    auto setting = sql::GetSystemSettingValue(s, kMonitorsSettingKey);
    auto parsed = parse_get_servers_settings(
        setting ? std::optional<std::string_view>(setting->value) : std::nullopt,
        ctx.settings.short_intervals ? IntervalFloors::kDevelopment : IntervalFloors::kProduction);
    if (!parsed.problem.empty() && setting) {
      ctx.logger.debug("GetServers settings", {{"problem", parsed.problem}});
    }
    const auto& knobs = parsed.settings;
    b.config = load_monitor_config(s, b.monitor);
    auto interval = b.monitor.status == sql::MonitorsStatus::active ? knobs.interval_active : knobs.interval_testing;
    auto rows = sql::GetServers(s, b.monitor.id, server_family(b.monitor), static_cast<std::uint32_t>(interval.count()),
                                static_cast<std::uint32_t>(knobs.interval_testing.count()),
                                static_cast<std::uint32_t>(knobs.interval_all.count()), knobs.batch_size);
    for (const auto& row : rows) {
      auto ip = api::parse_ip(row.ip);
      // Refuse before anything is stamped (spec/api.md §13 item 22).
      if (!ip) throw ApiError(ErrorCode::internal, "server " + std::to_string(row.server_id) + " has an invalid IP: " + row.ip);
      b.servers.push_back(*ip);
    }
    if (!rows.empty()) sql::UpdateServerScoreQueue(s, ids_json(rows), b.monitor.id);
    return b;
  });

  auto now = ctx.now();
  api::Ulid batch_id = api::Ulid::generate(now);
  std::string batch_text = batch_id.to_string();
  auto keys = ctx.tickets.keys();
  auto expires = std::chrono::floor<std::chrono::seconds>(now) + ctx.settings.ticket_lifetime;
  api::GetServersResponse response;
  response.batch_id = batch_text;
  response.config = std::move(batch.config);
  for (const auto& ip : batch.servers) {
    api::Server server;
    server.ip_bytes = ip.bytes;
    server.ticket = api::sign_ticket(keys->current(), {batch.monitor.id, batch_text, ip.bytes}, expires);
    response.servers.push_back(std::move(server));
  }
  ctx.metrics.tests_requested(labels_of(batch.monitor), response.servers.size());
  return json_response(api::to_json(response));
}

ApiResponse handle_submit_results(ApiContext& ctx, const ApiRequest& request) {
  auto message = decode_request(api::decode_submit_results_request, request);
  std::string identity = require_monitor_identity(request.peer, ctx.settings.monitor_domain);
  std::string mon_id = normalize_mon_id(message.mon_id);
  if (message.version < 2 || message.version > 4) {
    throw ApiError(ErrorCode::invalid_argument,
                   "version: data version " + std::to_string(message.version) + " is not supported (2..4)");
  }
  api::Ulid batch_id;
  try {
    batch_id = api::Ulid::parse(message.batch_id);
  } catch (const std::invalid_argument& e) {
    throw ApiError(ErrorCode::invalid_argument, std::string("batchId: invalid batch ID: ") + e.what());
  }
  const auto now = ctx.now();
  const std::string batch_text = batch_id.to_string();
  const auto batch_time = batch_id.time();
  if (batch_time > now + kMaxBatchFuture || batch_time < now - kMaxBatchAge) {
    throw ApiError(ErrorCode::invalid_argument,
                   "batchId: batch " + batch_text + " is from " + time_text(batch_time) + ", not a current batch");
  }
  auto keys = ctx.tickets.keys();

  std::uint64_t signature_failures = 0;
  bool out_of_order = false;
  std::optional<MonitorLabels> labels;
  struct Outcome {
    MonitorLabels labels;
    SubmitPlan plan;
  };
  try {
    Outcome outcome = in_transaction(ctx.pool, [&](soci::session& s) {
      MonitorRow monitor = find_monitor(s, identity, mon_id);
      labels = labels_of(monitor);
      require_live(monitor);
      auto checked = check_results(message, {monitor.id, batch_text, message.version, now}, *keys, &signature_failures);

      auto locked = sql::LockMonitorForSubmit(s, monitor.id);
      if (!locked) throw ApiError(ErrorCode::not_found, "no such monitor: " + identity);
      monitor.status = locked->status;
      require_live(monitor);
      if (locked->last_submit && micros(batch_time) < *locked->last_submit) {
        out_of_order = true;
        throw ApiError(ErrorCode::failed_precondition,
                       "batchId: batch " + batch_text + " (" + time_text(batch_time) +
                           ") is older than the monitor's last submitted batch");
      }
      if (sql::InsertSubmittedBatch(s, monitor.id, batch_text, micros(batch_time),
                                    static_cast<std::uint32_t>(checked.size())) == 0) {
        throw ApiError(ErrorCode::already_exists, "batchId: batch " + batch_text + " was already submitted");
      }
      std::vector<SubmitTarget> targets;
      if (!checked.empty()) {
        for (auto& row : sql::GetSubmitTargets(s, distinct_ips_json(checked), monitor.id)) {
          targets.push_back({row.server_id, std::move(row.ip), row.server_stratum, row.server_score_id,
                             row.score_raw.value_or(0), row.pair_stratum});
        }
      }
      SubmitPlan plan = plan_results(checked, targets, trusts_zero_offset(monitor.client_version));
      if (!plan.pairs.empty()) sql::UpdateSubmittedServerScores(s, pair_updates_json(plan), monitor.id);
      for (const auto& server : plan.servers) sql::UpdateServerStratum(s, server.stratum, server.server_id);
      if (!plan.log_rows.empty()) sql::InsertSubmittedLogScores(s, monitor.id, log_rows_json(plan));
      sql::DeleteSupersededBatches(s, monitor.id, micros(batch_time));
      sql::UpdateMonitorSubmit(s, micros(batch_time), monitor.id);
      return Outcome{*labels, std::move(plan)};
    });
    ctx.metrics.tests_completed(outcome.labels, "ok", message.version, outcome.plan.ok);
    ctx.metrics.tests_completed(outcome.labels, "offset", message.version, outcome.plan.offset);
    ctx.metrics.tests_completed(outcome.labels, "timeout", message.version, outcome.plan.timeout);
  } catch (const ApiError&) {
    if (labels) {
      ctx.metrics.tests_completed(*labels, "signature_validation", message.version, signature_failures);
      if (out_of_order) ctx.metrics.tests_completed(*labels, "batch_out_of_order", message.version, message.list.size());
    }
    throw;
  }
  return json_response(api::to_json(api::SubmitResultsResponse{true}));
}

}  // namespace ntpmon::monitor_api
