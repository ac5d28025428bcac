#pragma once
// Deployment environments and the API hosts that belong to them (spec/agent.md §3).

#include <optional>
#include <string>
#include <string_view>

namespace ntpmon::agent {

enum class DeploymentEnv { devel, test, prod };

// "devel", "test", "prod": also the name of the state subdirectory.
std::string_view to_string(DeploymentEnv env);
// Exactly one of the names above; nullopt otherwise.
std::optional<DeploymentEnv> parse_deployment_env(std::string_view text);

// The default base URL of the API for an environment: https://api.mon.ntppool.dev (prod),
// https://api.test.mon.ntppool.dev, https://api.devel.mon.ntppool.dev.
std::string default_api_host(DeploymentEnv env);

// The monitor (Connect) API of a TLS name `<host>.<env>.mon.ntppool.dev` (exactly five
// labels): the default API host of <env>. nullopt when the name does not have that form.
std::optional<std::string> monitor_api_from_tls_name(std::string_view tls_name);

}  // namespace ntpmon::agent
