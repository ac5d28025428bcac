#include "state/state_dir.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace ntpmon::agent {

EnvLookup process_env_lookup() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

namespace {

std::optional<std::string> non_empty(const EnvLookup& env, const std::string& name) {
  auto value = env(name);
  if (value && value->empty()) return std::nullopt;
  return value;
}

}  // namespace

StateDirChoice choose_state_dir(const std::optional<std::string>& flag, const EnvLookup& env) {
  if (flag && !flag->empty()) return {*flag, StateDirSource::flag};
  if (auto v = non_empty(env, "MONITOR_STATE_DIR")) return {*v, StateDirSource::monitor_state_dir};
  if (auto v = non_empty(env, "STATE_DIRECTORY")) return {*v, StateDirSource::state_directory};
  if (auto xdg = non_empty(env, "XDG_CONFIG_HOME")) {
    return {std::filesystem::path(*xdg) / "ntppool-agent", StateDirSource::user_config_dir};
  }
  if (auto home = non_empty(env, "HOME")) {
    return {std::filesystem::path(*home) / ".config" / "ntppool-agent", StateDirSource::user_config_dir};
  }
  throw std::runtime_error("could not find config dir: neither $XDG_CONFIG_HOME nor $HOME is defined");
}

std::string_view describe(StateDirSource source) {
  switch (source) {
    case StateDirSource::flag: return "using explicit state directory";
    case StateDirSource::monitor_state_dir: return "using state directory from MONITOR_STATE_DIR";
    case StateDirSource::state_directory: return "using state directory from STATE_DIRECTORY";
    case StateDirSource::user_config_dir: return "using default state directory";
  }
  return "using default state directory";
}

std::filesystem::path expand_state_dir(const std::filesystem::path& path, const EnvLookup& env) {
  const std::string text = path.string();
  if (path.is_absolute()) return path.lexically_normal();
  if (text == "~" || text.rfind("~/", 0) == 0) {
    auto home = non_empty(env, "HOME");
    if (!home) throw std::runtime_error("cannot expand " + text + ": $HOME is not defined");
    return (std::filesystem::path(*home) / (text.size() > 2 ? text.substr(2) : std::string())).lexically_normal();
  }
  return (std::filesystem::current_path() / path).lexically_normal();
}

bool state_dir_in_runtime_dir(const std::filesystem::path& state_dir,
                              const std::optional<std::string>& runtime_directory) {
  const std::string dir = state_dir.lexically_normal().string();
  const bool in_run = dir.rfind("/var/run/ntppool-agent", 0) == 0 || dir.rfind("/run/ntppool-agent", 0) == 0;
  if (!in_run || !runtime_directory || runtime_directory->empty()) return false;
  const std::filesystem::path runtime = std::filesystem::path(*runtime_directory).lexically_normal();
  const auto rel = state_dir.lexically_normal().lexically_relative(runtime);
  return !rel.empty() && rel.native().rfind("..", 0) != 0;
}

std::filesystem::path ensure_env_dir(const std::filesystem::path& base, DeploymentEnv env) {
  const std::filesystem::path dir = base / std::string(to_string(env));
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) throw std::runtime_error("state directory " + dir.string() + " is not a directory");
    return dir;
  }
  // Create each missing component with mode 0700 (chmod afterwards: the umask must not
  // widen or narrow it).
  std::filesystem::path partial;
  for (const auto& part : dir) {
    partial /= part;
    if (::stat(partial.c_str(), &st) == 0) continue;
    if (::mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST) {
      throw std::runtime_error("failed to create state directory " + partial.string() + ": " +
                               std::strerror(errno));
    }
    ::chmod(partial.c_str(), 0700);
  }
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    throw std::runtime_error("failed to create state directory " + dir.string());
  }
  return dir;
}

}  // namespace ntpmon::agent
