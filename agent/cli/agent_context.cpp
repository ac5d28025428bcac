#include "cli/agent_context.h"

#include <cstdlib>
#include <ostream>

#include "core/version.h"
#include "log/level.h"
#include "log/sink.h"
#include "net/base_url.h"
#include "net/http_config_api.h"

namespace ntpmon::agent {
namespace {

std::optional<std::string> non_empty(const EnvLookup& env, const std::string& name) {
  auto v = env(name);
  if (v && v->empty()) return std::nullopt;
  return v;
}

int fail(std::ostream& err, int status, const std::string& message) {
  err << "ntppool-agent: error: " << message << "\n";
  return status;
}

}  // namespace

HttpClientOptions AgentContext::http_options(const std::string& base) const {
  HttpClientOptions o;
  o.base = BaseUrl::parse(base);
  if (line.ca_bundle) o.ca_bundle = *line.ca_bundle;
  o.user_agent = user_agent();
  return o;
}

std::optional<std::string> AgentContext::monitor_api_base(std::string& error) const {
  if (connect_base) return connect_base;
  const std::string tls = app ? app->tls_name() : std::string();
  if (auto base = monitor_api_from_tls_name(tls)) return base;
  error = "cannot derive the monitor API from the TLS name \"" + tls + "\" (set DEVEL_API_SERVER or API_HOST)";
  return std::nullopt;
}

std::string AgentContext::setup_command() const {
  return "ntppool-agent setup --env " + std::string(to_string(env)) + " --state-dir '" + state_dir.string() + "'";
}

StartupResult start_up(const CommandLine& line, const EnvLookup& env_lookup, std::stop_token stop,
                       std::ostream& err) {
  StartupResult result;
  const auto level = log::parse_level(line.log_level);
  if (!level || line.log_level == "warning") {
    result.exit_status = fail(err, kExitUsageError,
                              "invalid log level \"" + line.log_level +
                                  "\": unknown level (valid: debug, info, warn, error)");
    return result;
  }
  log::Logger logger(log::stderr_sink(), line.debug ? log::Level::debug : *level);
  if (line.debug && ::setenv("MONITOR_DEBUG", "true", 1) != 0) {
    result.exit_status = fail(err, kExitRuntimeError, "failed to set MONITOR_DEBUG environment variable");
    return result;
  }

  const auto env = parse_deployment_env(line.env);
  if (!env) {
    result.exit_status = fail(err, kExitUsageError, "deployment environment invalid or undefined");
    return result;
  }

  std::filesystem::path state_dir;
  try {
    const StateDirChoice choice = choose_state_dir(line.state_dir, env_lookup);
    if (choice.path.empty()) {
      result.exit_status = fail(err, kExitUsageError, "state directory not set");
      return result;
    }
    state_dir = expand_state_dir(choice.path, env_lookup);
    logger.debug(describe(choice.source), {{"state_dir", state_dir.string()}});
  } catch (const std::exception& e) {
    result.exit_status = fail(err, kExitUsageError, e.what());
    return result;
  }
  logger.debug("determined state directory", {{"state_dir", state_dir.string()}, {"env", to_string(*env)}});
  const auto runtime_dir = non_empty(env_lookup, "RUNTIME_DIRECTORY");
  if (state_dir_in_runtime_dir(state_dir, runtime_dir)) {
    logger.warn("State directory is in runtime directory - data will be lost on reboot!",
                {{"state_dir", state_dir.string()},
                 {"runtime_dir", runtime_dir.value_or("")},
                 {"suggestion", "Use systemd StateDirectory or set MONITOR_STATE_DIR to a persistent location"}});
  }

  AgentContext ctx;
  ctx.line = line;
  ctx.env = *env;
  ctx.logger = logger;
  ctx.state_dir = state_dir;
  ctx.env_lookup = env_lookup;
  ctx.stop = stop;
  ctx.http_api_base = non_empty(env_lookup, "API_HOST").value_or(default_api_host(*env));
  ctx.connect_base = non_empty(env_lookup, "DEVEL_API_SERVER");
  if (!ctx.connect_base) ctx.connect_base = non_empty(env_lookup, "API_HOST");

  if (line.command == Command::version) {
    result.context = std::move(ctx);
    return result;
  }

  AppConfigOptions options;
  options.base_dir = state_dir;
  options.env = *env;
  options.runtime_directory = runtime_dir;
  options.logger = logger;
  try {
    if (line.command != Command::check) options.api = std::make_shared<HttpConfigApi>(ctx.http_options(ctx.http_api_base));
  } catch (const std::exception& e) {
    result.exit_status = fail(err, kExitUsageError, std::string("API_HOST: ") + e.what());
    return result;
  }
  try {
    ctx.app = std::make_shared<AppConfig>(std::move(options));
  } catch (const std::exception& e) {
    result.exit_status = fail(err, kExitRuntimeError, std::string("unusable state directory: ") + e.what());
    return result;
  }

  if (line.command == Command::check) {
    const LoadOutcome local = ctx.app->load_local();
    if (!local.ok()) {
      result.exit_status = fail(err, kExitRuntimeError, "unusable state directory: " + local.error);
      return result;
    }
  } else {
    ctx.initial_load = ctx.app->load(stop);
    if (ctx.initial_load->local) {
      result.exit_status = fail(err, kExitRuntimeError, "unusable state directory: " + ctx.initial_load->error);
      return result;
    }
    if (ctx.initial_load->status == LoadStatus::unauthorized) {
      logger.warn("API key unauthorized; run ntppool-agent setup to register again");
    } else if (!ctx.initial_load->ok() && !stop.stop_requested()) {
      logger.warn("load failed; continuing, the API is retried with backoff", {{"err", ctx.initial_load->error}});
    }
  }
  result.context = std::move(ctx);
  return result;
}

}  // namespace ntpmon::agent
