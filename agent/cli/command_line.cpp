#include "cli/command_line.h"

#include <CLI/CLI.hpp>

#include <ostream>

#include "cli/duration_text.h"
#include "core/version.h"

namespace ntpmon::agent {

ParsedCommandLine parse_command_line(int argc, const char* const* argv, const EnvLookup& env, std::ostream& out,
                                     std::ostream& err) {
  CommandLine line;
  // Environment-bound defaults: present (even empty) replaces the default (§2.1 step 4).
  if (auto v = env("DEPLOYMENT_MODE")) line.env = *v;
  if (auto v = env("MONITOR_LOG_LEVEL")) line.log_level = *v;
  if (auto v = env("MONITOR_DEBUG")) line.debug = *v == "true";
  if (auto v = env("MONITOR_CA_BUNDLE"); v && !v->empty()) line.ca_bundle = *v;
  if (auto v = env("MONITOR_ALLOW_LOCAL_TARGETS")) line.allow_local_targets = *v == "true";

  CLI::App app{"Monitoring daemon for the NTP Pool system", "ntppool-agent"};
  app.set_version_flag("--version", version_line());
  app.require_subcommand(1);
  app.fallthrough();

  std::string state_dir;
  std::string ca_bundle;
  std::string poll_interval;
  app.add_flag("--debug", line.debug, "debug logging (also MONITOR_DEBUG=true)");
  app.add_option("--log-level", line.log_level, "log level: debug, info, warn, error (MONITOR_LOG_LEVEL)");
  auto* state_dir_opt = app.add_option("--state-dir", state_dir, "base state directory (MONITOR_STATE_DIR)");
  app.add_option("-e,--env,--deploy-env", line.env, "deployment environment: prod, test, devel (DEPLOYMENT_MODE)");
  app.add_flag("--ipv4,!--no-ipv4", line.ipv4, "enable IPv4 (default true)");
  app.add_flag("--ipv6,!--no-ipv6", line.ipv6, "enable IPv6 (default true)");
  auto* ca_opt = app.add_option("--ca-bundle", ca_bundle,
                                "trust only the CA certificates in this PEM file for the API (MONITOR_CA_BUNDLE); "
                                "default: the system trust store");
  app.add_flag("--allow-local-targets", line.allow_local_targets,
               "also measure loopback and private addresses (testing only; MONITOR_ALLOW_LOCAL_TARGETS=true)");
  auto* poll_opt = app.add_option("--config-poll-interval", poll_interval,
                                  "how often the HTTP config is polled (default 5m; for tests)");
  poll_opt->group("");  // hidden

  auto* setup = app.add_subcommand("setup", "initial authentication and configuration");
  setup->add_option("--hostname", line.setup.hostname, "host name to register (default: the system host name)");
  setup->add_option("-a,--account", line.setup.account, "account token");
  setup->add_option("--source-ipv4", line.setup.source_ipv4, "register this local IPv4 address (multi-homed hosts)");
  setup->add_option("--source-ipv6", line.setup.source_ipv6, "register this local IPv6 address (multi-homed hosts)");

  auto* monitor = app.add_subcommand("monitor", "run monitor");
  monitor->add_flag("--once", line.monitor.once, "Only run once instead of forever");
  monitor->add_flag("--sanity-only", line.monitor.sanity_only, "Only run the local sanity check");

  auto* check = app.add_subcommand("check", "run a single check");
  check->add_option("ip", line.check_ips, "IP addresses to check")->required();

  auto* api = app.add_subcommand("api", "check API connection");
  api->require_subcommand(1);
  auto* api_ok = api->add_subcommand("ok", "Check API connection");

  auto* version = app.add_subcommand("version", "show version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return {std::nullopt, kExitSuccess};
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return {std::nullopt, kExitSuccess};
  } catch (const CLI::CallForVersion&) {
    out << version_line() << "\n";
    return {std::nullopt, kExitSuccess};
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      out << app.help();
      return {std::nullopt, kExitSuccess};
    }
    err << "ntppool-agent: error: " << e.what() << "\nRun with --help for more information.\n";
    return {std::nullopt, kExitUsageError};
  }

  if (state_dir_opt->count() > 0) line.state_dir = state_dir;
  if (ca_opt->count() > 0) line.ca_bundle = ca_bundle.empty() ? std::nullopt : std::optional<std::string>(ca_bundle);
  if (poll_opt->count() > 0) {
    const auto d = parse_duration_text(poll_interval);
    if (!d || d->count() <= 0) {
      err << "ntppool-agent: error: --config-poll-interval: \"" << poll_interval
          << "\" is not a duration like 500ms, 2s, 5m\n";
      return {std::nullopt, kExitUsageError};
    }
    line.config_poll_interval = *d;
  }
  if (setup->parsed()) line.command = Command::setup;
  else if (monitor->parsed()) line.command = Command::monitor;
  else if (check->parsed()) line.command = Command::check;
  else if (api_ok->parsed()) line.command = Command::api_ok;
  else if (version->parsed()) line.command = Command::version;
  return {line, kExitSuccess};
}

}  // namespace ntpmon::agent
