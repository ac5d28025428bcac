#pragma once
// What every command gets after the start-up of spec/agent.md §2.1: the parsed command line,
// the logger, the resolved state directory and environment, the API endpoints, the AppConfig
// (loaded), and the root stop token (SIGTERM/SIGINT).

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>

#include "cli/command_line.h"
#include "core/deployment_env.h"
#include "log/logger.h"
#include "net/http_client.h"
#include "state/app_config.h"
#include "state/state_dir.h"

namespace ntpmon::agent {

struct AgentContext {
  CommandLine line;
  DeploymentEnv env = DeploymentEnv::test;
  log::Logger logger;
  std::filesystem::path state_dir;
  EnvLookup env_lookup;
  std::stop_token stop;
  std::string http_api_base;                 // API_HOST or the environment's default
  std::optional<std::string> connect_base;   // DEVEL_API_SERVER, else API_HOST (one server)
  std::shared_ptr<AppConfig> app;            // not for `version`
  std::optional<LoadOutcome> initial_load;   // the start-up load (not for `check`)

  // HTTP client options for `base` with this agent's trust and User-Agent.
  HttpClientOptions http_options(const std::string& base) const;
  // The Connect API base for the current TLS name; nullopt (with `error`) when unknown.
  std::optional<std::string> monitor_api_base(std::string& error) const;
  // `ntppool-agent setup --env <env> --state-dir '<dir>'`
  std::string setup_command() const;
};

struct StartupResult {
  std::optional<AgentContext> context;
  int exit_status = kExitSuccess;  // when there is no context
};

// §2.1 step 8 with the decisions: validates the log level (exit 2), --debug, the environment
// (exit 2), the state directory (missing: exit 2; unusable: exit 1), warns about a state
// directory in the runtime directory, then creates and loads the AppConfig (not for
// `version`; `check` reads local files only). API failures of the start-up load are logged
// and kept in initial_load, never fatal. Errors are printed as "ntppool-agent: error: ..."
// to `err`.
StartupResult start_up(const CommandLine& line, const EnvLookup& env, std::stop_token stop, std::ostream& err);

}  // namespace ntpmon::agent
