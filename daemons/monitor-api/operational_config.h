#pragma once
// The operational config of an agent (spec/api.md §6): the family's defaults row
// (`settings-v4.system` / `settings-v6.system`) with the monitor's own `config` applied as an
// RFC 7386 JSON merge patch, turned into a GetConfigResponse. Unknown keys are ignored.

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "api/messages.h"

namespace ntpmon::monitor_api {

class ConfigBuildError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The tls_name of the defaults row for an ip_version ("v4" -> "settings-v4.system").
std::string system_settings_name(std::string_view ip_version);

// `defaults`: the defaults row's config when exactly one exists. `monitor_ip` is monitors.ip.
// Throws ConfigBuildError naming the problem: invalid JSON in either document, a key of the
// wrong type, an invalid nat_ip, a monitor IP that does not parse.
api::GetConfigResponse build_config_response(std::optional<std::string_view> defaults, std::string_view monitor_config,
                                             std::string_view monitor_ip);

}  // namespace ntpmon::monitor_api
