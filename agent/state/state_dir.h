#pragma once
// Where the agent keeps its state (spec/agent.md §4.1-4.4): the base directory from the
// command line or the environment, and one subdirectory per deployment environment.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "core/deployment_env.h"

namespace ntpmon::agent {

// Reads an environment variable: nullopt when it is not set at all ("" is a value).
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup process_env_lookup();

enum class StateDirSource { flag, monitor_state_dir, state_directory, user_config_dir };

struct StateDirChoice {
  std::filesystem::path path;  // not yet expanded
  StateDirSource source;
};

// §4.1 precedence: --state-dir, MONITOR_STATE_DIR, STATE_DIRECTORY (each only when
// non-empty), then $XDG_CONFIG_HOME/ntppool-agent or $HOME/.config/ntppool-agent. The flag
// is applied first here, so no user config dir is needed when it is given (§21 A27).
// Throws std::runtime_error("could not find config dir: ...") when the last resort is
// needed and neither XDG_CONFIG_HOME nor HOME is set.
StateDirChoice choose_state_dir(const std::optional<std::string>& flag, const EnvLookup& env);

std::string_view describe(StateDirSource source);

// §4.2: absolute paths unchanged, "~/" replaced by $HOME, other relative paths made
// absolute against the current directory.
std::filesystem::path expand_state_dir(const std::filesystem::path& path, const EnvLookup& env);

// §4.2 warning condition: the state dir lies in /run/ntppool-agent or /var/run/ntppool-agent
// and inside RUNTIME_DIRECTORY (data would be lost on reboot).
bool state_dir_in_runtime_dir(const std::filesystem::path& state_dir,
                              const std::optional<std::string>& runtime_directory);

// <base>/<env>, created with mode 0700 (parents too) when missing. Throws
// std::runtime_error naming the directory when it cannot be created or is not a directory.
std::filesystem::path ensure_env_dir(const std::filesystem::path& base, DeploymentEnv env);

}  // namespace ntpmon::agent
