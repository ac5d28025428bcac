// State directory resolution and layout (spec/agent.md §4.1-4.4; §20 tests 1-5, 23-25).
#include <gtest/gtest.h>

#include <map>

#include "state/state_dir.h"
#include "support/agent_test_util.h"

namespace ntpmon::agent {
namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

// §20 tests 1-5 [cmd] and the user config dir fallback.
TEST(AgentStateDir, Precedence_Tests1to5) {
  struct Case {
    const char* name;
    std::optional<std::string> flag;
    std::map<std::string, std::string> env;
    std::string expected;
  };
  const Case cases[] = {
      {"1 MONITOR_STATE_DIR wins over STATE_DIRECTORY", std::nullopt,
       {{"MONITOR_STATE_DIR", "/custom/monitor/state"}, {"STATE_DIRECTORY", "/systemd/state"}}, "/custom/monitor/state"},
      {"2 only STATE_DIRECTORY", std::nullopt, {{"STATE_DIRECTORY", "/systemd/state"}}, "/systemd/state"},
      {"3 neither: user config dir", std::nullopt, {{"HOME", "/home/u"}}, "/home/u/.config/ntppool-agent"},
      {"3b XDG_CONFIG_HOME", std::nullopt, {{"HOME", "/home/u"}, {"XDG_CONFIG_HOME", "/xdg"}}, "/xdg/ntppool-agent"},
      {"4 explicit flag wins", std::string("/explicit/state/dir"),
       {{"MONITOR_STATE_DIR", "/custom/monitor/state"}, {"STATE_DIRECTORY", "/systemd/state"}}, "/explicit/state/dir"},
      {"5 empty MONITOR_STATE_DIR is unset", std::nullopt,
       {{"MONITOR_STATE_DIR", ""}, {"STATE_DIRECTORY", "/systemd/state"}}, "/systemd/state"},
      {"A27 flag without HOME", std::string("/flag"), {}, "/flag"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(choose_state_dir(c.flag, env_of(c.env)).path, c.expected) << c.name;
  }
  EXPECT_THROW(choose_state_dir(std::nullopt, env_of({})), std::runtime_error);
}

TEST(AgentStateDir, Expansion) {
  const auto env = env_of({{"HOME", "/home/u"}});
  EXPECT_EQ(expand_state_dir("/abs/dir", env), "/abs/dir");
  EXPECT_EQ(expand_state_dir("~/state", env), "/home/u/state");
  EXPECT_EQ(expand_state_dir("rel", env), std::filesystem::current_path() / "rel");
}

TEST(AgentStateDir, RuntimeDirectoryWarning) {
  EXPECT_TRUE(state_dir_in_runtime_dir("/run/ntppool-agent", std::string("/run/ntppool-agent")));
  EXPECT_TRUE(state_dir_in_runtime_dir("/run/ntppool-agent/x", std::string("/run/ntppool-agent")));
  EXPECT_FALSE(state_dir_in_runtime_dir("/var/lib/ntppool-agent", std::string("/run/ntppool-agent")));
  EXPECT_FALSE(state_dir_in_runtime_dir("/run/ntppool-agent", std::nullopt));
  EXPECT_FALSE(state_dir_in_runtime_dir("/run/ntppool-agent", std::string("/run/other")));
}

// §20 tests 23-25 [persist].
TEST(AgentStateDir, EnvDirectoriesAre0700_Tests23to25) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir / "base");
  std::filesystem::permissions(dir / "base", std::filesystem::perms(0755));
  for (DeploymentEnv env : {DeploymentEnv::devel, DeploymentEnv::test, DeploymentEnv::prod}) {
    const auto p = ensure_env_dir(dir / "base", env);
    EXPECT_EQ(p, dir / "base" / std::string(to_string(env)));
    EXPECT_TRUE(std::filesystem::is_directory(p));
    EXPECT_EQ(testing::file_mode(p), 0700U);
  }
  EXPECT_EQ(testing::file_mode(dir / "base"), 0755U);
  // Missing parents are created 0700 too.
  const auto deep = ensure_env_dir(dir / "new" / "nested", DeploymentEnv::test);
  EXPECT_EQ(testing::file_mode(dir / "new"), 0700U);
  EXPECT_EQ(testing::file_mode(deep), 0700U);
  // Unusable: a path under a regular file.
  EXPECT_THROW(ensure_env_dir("/dev/null/invalid", DeploymentEnv::devel), std::runtime_error);
}

}  // namespace
}  // namespace ntpmon::agent
