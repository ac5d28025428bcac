#pragma once
// Loading a monitor's operational config from the database (spec/api.md §6.2): the defaults
// row of its IP family merged with its own config.

#include "api/messages.h"
#include "monitor_identity.h"

namespace ntpmon::monitor_api {

// Throws api::ApiError internal "could not get config for monitor <id>: ..." when a config
// document or the monitor's IP is invalid.
api::GetConfigResponse load_monitor_config(soci::session& session, const MonitorRow& monitor);

}  // namespace ntpmon::monitor_api
