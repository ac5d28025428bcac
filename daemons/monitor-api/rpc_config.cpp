#include "rpc_config.h"

#include "api/connect_error.h"
#include "operational_config.h"

namespace ntpmon::monitor_api {

api::GetConfigResponse load_monitor_config(soci::session& session, const MonitorRow& monitor) {
  std::string family = monitor.ip_version ? std::string(sql::to_string(*monitor.ip_version)) : std::string();
  auto defaults = sql::GetMonitorSystemConfig(session, system_settings_name(family));
  std::optional<std::string_view> defaults_json;
  if (defaults.size() == 1) defaults_json = defaults.front().config;
  try {
    return build_config_response(defaults_json, monitor.config, monitor.ip.value_or(""));
  } catch (const ConfigBuildError& e) {
    throw api::ApiError(api::ErrorCode::internal,
                        "could not get config for monitor " + std::to_string(monitor.id) + ": " + e.what());
  }
}

}  // namespace ntpmon::monitor_api
