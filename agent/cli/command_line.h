#pragma once
// The command line of ntppool-agent (spec/agent.md §2.2-§2.3):
//
//   ntppool-agent [global flags] setup [--hostname H] [-a ACCOUNT] [--source-ipv4 A] [--source-ipv6 A]
//   ntppool-agent [global flags] monitor [--once] [--sanity-only]
//   ntppool-agent [global flags] check IP...
//   ntppool-agent [global flags] api ok
//   ntppool-agent [global flags] version
//
// Global flags may come before or after the command word. Environment variables that are
// present (even if empty) replace the defaults: DEPLOYMENT_MODE (--env), MONITOR_LOG_LEVEL
// (--log-level), MONITOR_DEBUG=true (--debug), MONITOR_CA_BUNDLE (--ca-bundle),
// MONITOR_ALLOW_LOCAL_TARGETS=true (--allow-local-targets). MONITOR_STATE_DIR is read by the
// state directory resolution (state/state_dir.h).

#include <chrono>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "state/state_dir.h"

namespace ntpmon::agent {

inline constexpr int kExitSuccess = 0;
inline constexpr int kExitRuntimeError = 1;
inline constexpr int kExitUsageError = 2;

enum class Command { setup, monitor, check, api_ok, version };

struct SetupOptions {
  std::string hostname;  // "": the system host name
  std::string account;   // account token ("a" form field)
  std::string source_ipv4;  // local address to register from ("": the system chooses)
  std::string source_ipv6;
};

struct MonitorOptions {
  bool once = false;
  bool sanity_only = false;
};

struct CommandLine {
  Command command = Command::version;
  bool debug = false;
  std::string log_level = "info";
  std::optional<std::string> state_dir;  // --state-dir as given
  std::string env = "test";
  bool ipv4 = true;
  bool ipv6 = true;
  std::optional<std::string> ca_bundle;
  bool allow_local_targets = false;
  std::chrono::milliseconds config_poll_interval{std::chrono::minutes(5)};
  SetupOptions setup;
  MonitorOptions monitor;
  std::vector<std::string> check_ips;
};

struct ParsedCommandLine {
  std::optional<CommandLine> line;  // nullopt: exit with `exit_status` (help, version, usage error)
  int exit_status = kExitSuccess;
};

// Parses argv. Help and --version print to `out` (exit 0); a usage error prints
// "ntppool-agent: error: <message>" and a hint to `err` (exit 2).
ParsedCommandLine parse_command_line(int argc, const char* const* argv, const EnvLookup& env, std::ostream& out,
                                     std::ostream& err);

}  // namespace ntpmon::agent
