#include "core/deployment_env.h"

#include <vector>

namespace ntpmon::agent {

std::string_view to_string(DeploymentEnv env) {
  switch (env) {
    case DeploymentEnv::devel: return "devel";
    case DeploymentEnv::test: return "test";
    case DeploymentEnv::prod: return "prod";
  }
  return "devel";
}

std::optional<DeploymentEnv> parse_deployment_env(std::string_view text) {
  for (DeploymentEnv env : {DeploymentEnv::devel, DeploymentEnv::test, DeploymentEnv::prod}) {
    if (text == to_string(env)) return env;
  }
  return std::nullopt;
}

std::string default_api_host(DeploymentEnv env) {
  if (env == DeploymentEnv::prod) return "https://api.mon.ntppool.dev";
  return "https://api." + std::string(to_string(env)) + ".mon.ntppool.dev";
}

std::optional<std::string> monitor_api_from_tls_name(std::string_view tls_name) {
  std::vector<std::string_view> labels;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = tls_name.find('.', start);
    labels.push_back(tls_name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (labels.size() != 5 || labels[0].empty() || labels[2] != "mon" || labels[3] != "ntppool" ||
      labels[4] != "dev") {
    return std::nullopt;
  }
  const auto env = parse_deployment_env(labels[1]);
  if (!env) return std::nullopt;
  return default_api_host(*env);
}

}  // namespace ntpmon::agent
