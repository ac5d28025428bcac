// The command line (spec/agent.md §2.2-§2.7 with the exit-status decision: 0/1/2).
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "cli/agent_context.h"
#include "cli/command_line.h"
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

struct Parsed {
  ParsedCommandLine result;
  std::string out, err;
};

Parsed parse(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  args.insert(args.begin(), "ntppool-agent");
  std::vector<const char*> argv;
  for (auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  Parsed p{parse_command_line(static_cast<int>(argv.size()), argv.data(), env_of(env), out, err), "", ""};
  p.out = out.str();
  p.err = err.str();
  return p;
}

TEST(AgentCommandLine, CommandsAndFlags) {
  auto p = parse({"--env", "devel", "monitor", "--once", "--no-ipv6"});
  ASSERT_TRUE(p.result.line);
  EXPECT_EQ(p.result.line->command, Command::monitor);
  EXPECT_TRUE(p.result.line->monitor.once);
  EXPECT_TRUE(p.result.line->ipv4);
  EXPECT_FALSE(p.result.line->ipv6);
  EXPECT_EQ(p.result.line->env, "devel");

  // Global flags after the command word.
  p = parse({"setup", "-a", "acct1", "--hostname", "h1", "-e", "prod", "--state-dir", "/s"});
  ASSERT_TRUE(p.result.line);
  EXPECT_EQ(p.result.line->command, Command::setup);
  EXPECT_EQ(p.result.line->setup.account, "acct1");
  EXPECT_EQ(p.result.line->setup.hostname, "h1");
  EXPECT_EQ(p.result.line->env, "prod");
  EXPECT_EQ(p.result.line->state_dir, "/s");

  p = parse({"check", "192.0.2.1", "2001:db8::1"});
  ASSERT_TRUE(p.result.line);
  EXPECT_EQ(p.result.line->check_ips, (std::vector<std::string>{"192.0.2.1", "2001:db8::1"}));

  p = parse({"api", "ok"});
  ASSERT_TRUE(p.result.line);
  EXPECT_EQ(p.result.line->command, Command::api_ok);

  p = parse({"--config-poll-interval", "2s", "monitor"});
  ASSERT_TRUE(p.result.line);
  EXPECT_EQ(p.result.line->config_poll_interval, std::chrono::seconds(2));
}

// Environment variables present (even empty) replace the defaults.
TEST(AgentCommandLine, EnvironmentDefaults) {
  auto p = parse({"version"}, {{"DEPLOYMENT_MODE", "prod"}, {"MONITOR_LOG_LEVEL", "debug"},
                               {"MONITOR_CA_BUNDLE", "/ca.pem"}, {"MONITOR_ALLOW_LOCAL_TARGETS", "true"}});
  ASSERT_TRUE(p.result.line);
  EXPECT_EQ(p.result.line->env, "prod");
  EXPECT_EQ(p.result.line->log_level, "debug");
  EXPECT_EQ(p.result.line->ca_bundle, "/ca.pem");
  EXPECT_TRUE(p.result.line->allow_local_targets);
  p = parse({"version"}, {{"DEPLOYMENT_MODE", ""}});
  EXPECT_EQ(p.result.line->env, "");  // -> "deployment environment invalid or undefined"
  p = parse({"--env", "test", "version"}, {{"DEPLOYMENT_MODE", "prod"}});
  EXPECT_EQ(p.result.line->env, "test");  // the flag wins
  p = parse({"version"});
  EXPECT_EQ(p.result.line->env, "test");  // the default
}

// Usage errors: exit 2 with "ntppool-agent: error: ..."; help: exit 0 on stdout.
TEST(AgentCommandLine, UsageErrorsExit2) {
  const std::vector<std::vector<std::string>> cases = {
      {}, {"bogus"}, {"--bogus", "version"}, {"check"}, {"api"}, {"monitor", "--nope"},
      {"--config-poll-interval", "soon", "monitor"}};
  for (const auto& args : cases) {
    auto p = parse(args);
    EXPECT_FALSE(p.result.line);
    EXPECT_EQ(p.result.exit_status, kExitUsageError);
    EXPECT_NE(p.err.find("ntppool-agent: error: "), std::string::npos) << p.err;
  }
  auto help = parse({"--help"});
  EXPECT_FALSE(help.result.line);
  EXPECT_EQ(help.result.exit_status, kExitSuccess);
  EXPECT_NE(help.out.find("Monitoring daemon for the NTP Pool system"), std::string::npos);
  auto version = parse({"--version"});
  EXPECT_EQ(version.result.exit_status, kExitSuccess);
  EXPECT_NE(version.out.find("ntppool-agent v"), std::string::npos);
}

// Start-up validation (§2.6): bad log level and environment are usage errors (2); an unusable
// state directory is a runtime error (1).
TEST(AgentStartup, ValidationExitStatuses) {
  testing::TempDir dir;
  struct Case {
    std::vector<std::string> args;
    int status;
    std::string message;
  };
  const Case cases[] = {
      {{"--log-level", "loud", "version"}, kExitUsageError, "invalid log level \"loud\""},
      {{"--env", "staging", "version"}, kExitUsageError, "deployment environment invalid or undefined"},
      {{"--state-dir", "/dev/null/invalid", "check", "192.0.2.1"}, kExitRuntimeError, "unusable state directory"},
  };
  for (const Case& c : cases) {
    auto p = parse(c.args);
    ASSERT_TRUE(p.result.line);
    std::ostringstream err;
    const StartupResult r = start_up(*p.result.line, env_of({{"HOME", dir.path().string()}}), {}, err);
    EXPECT_FALSE(r.context);
    EXPECT_EQ(r.exit_status, c.status) << err.str();
    EXPECT_NE(err.str().find(c.message), std::string::npos) << err.str();
  }
  // A good start-up: the state directory from MONITOR_STATE_DIR, the endpoints from the env.
  auto p = parse({"--env", "devel", "check", "192.0.2.1"});
  std::ostringstream err;
  StartupResult r = start_up(*p.result.line,
                             env_of({{"MONITOR_STATE_DIR", dir.path().string()}, {"API_HOST", "https://api.example:8443"}}),
                             {}, err);
  ASSERT_TRUE(r.context) << err.str();
  EXPECT_EQ(r.context->state_dir, dir.path());
  EXPECT_EQ(r.context->http_api_base, "https://api.example:8443");
  EXPECT_EQ(r.context->connect_base, "https://api.example:8443");  // one server hosts both
  EXPECT_TRUE(std::filesystem::is_directory(dir / "devel"));
  r = start_up(*p.result.line,
               env_of({{"MONITOR_STATE_DIR", dir.path().string()}, {"DEVEL_API_SERVER", "https://rpc.example"}}), {}, err);
  EXPECT_EQ(r.context->http_api_base, "https://api.devel.mon.ntppool.dev");
  EXPECT_EQ(r.context->connect_base, "https://rpc.example");
  EXPECT_EQ(r.context->setup_command(), "ntppool-agent setup --env devel --state-dir '" + dir.path().string() + "'");
}

}  // namespace
}  // namespace ntpmon::agent
