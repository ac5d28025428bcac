// Basics of the agent: backoff schedules (§9), environments and API hosts (§3, §20 test 7),
// durations on the command line, /etc/default/ntppool-agent (§2.5).
#include <gtest/gtest.h>

#include <cstdlib>
#include <thread>

#include "cli/defaults_file.h"
#include "cli/duration_text.h"
#include "core/backoff.h"
#include "core/deployment_env.h"
#include "core/interruptible_sleep.h"
#include "support/agent_test_util.h"

namespace ntpmon::agent {
namespace {

using namespace std::chrono_literals;

TEST(AgentBackoff, GrowsByHalfWithinJitterUpToMax) {
  Backoff b(kBatchBackoff, 42);
  double base = 3000;
  for (int i = 0; i < 20; ++i) {
    const auto d = b.next();
    EXPECT_GE(d.count(), static_cast<long>(base * 0.7) - 1) << i;
    EXPECT_LE(d.count(), static_cast<long>(base * 1.3) + 1) << i;
    base = std::min(base * 1.5, 120000.0);
  }
  EXPECT_EQ(b.current(), 2min);
  b.reset();
  EXPECT_EQ(b.current(), 3s);
}

TEST(AgentBackoff, ScheduleTableOfSection9) {
  struct Case {
    BackoffSchedule s;
    std::chrono::milliseconds initial, max;
    double jitter;
  };
  for (const Case& c : {Case{kMissingApiKeyBackoff, 30s, 5min, 0.1}, Case{kUnauthorizedBackoff, 10min, 4h, 0.1},
                        Case{kCertificateBackoff, 4s, 2min, 0.1}, Case{kActivationBackoff, 1min, 20min, 0.1},
                        Case{kBatchBackoff, 3s, 2min, 0.3}}) {
    EXPECT_EQ(c.s.initial, c.initial);
    EXPECT_EQ(c.s.max, c.max);
    EXPECT_DOUBLE_EQ(c.s.jitter, c.jitter);
    EXPECT_DOUBLE_EQ(c.s.multiplier, 1.5);
  }
}

TEST(AgentEnv, ParsesNamesAndHosts) {
  EXPECT_EQ(parse_deployment_env("prod"), DeploymentEnv::prod);
  EXPECT_EQ(parse_deployment_env("test"), DeploymentEnv::test);
  EXPECT_EQ(parse_deployment_env("devel"), DeploymentEnv::devel);
  EXPECT_FALSE(parse_deployment_env(""));
  EXPECT_FALSE(parse_deployment_env("production"));
  EXPECT_EQ(default_api_host(DeploymentEnv::prod), "https://api.mon.ntppool.dev");
  EXPECT_EQ(default_api_host(DeploymentEnv::test), "https://api.test.mon.ntppool.dev");
  EXPECT_EQ(default_api_host(DeploymentEnv::devel), "https://api.devel.mon.ntppool.dev");
}

// §20 test 7 [rpc].
TEST(AgentEnv, MonitorApiFromTlsName_Test7) {
  EXPECT_EQ(monitor_api_from_tls_name("jphnd1-21wase0.devel.mon.ntppool.dev"), "https://api.devel.mon.ntppool.dev");
  EXPECT_EQ(monitor_api_from_tls_name("defra3-1gw2pjj.prod.mon.ntppool.dev"), "https://api.mon.ntppool.dev");
  EXPECT_FALSE(monitor_api_from_tls_name(""));
  EXPECT_FALSE(monitor_api_from_tls_name("a.devel.mon.ntppool.org"));
  EXPECT_FALSE(monitor_api_from_tls_name("a.b.devel.mon.ntppool.dev"));
  EXPECT_FALSE(monitor_api_from_tls_name("a.staging.mon.ntppool.dev"));
}

TEST(AgentDuration, ParsesCommandLineDurations) {
  EXPECT_EQ(parse_duration_text("500ms"), 500ms);
  EXPECT_EQ(parse_duration_text("2s"), 2s);
  EXPECT_EQ(parse_duration_text("5m"), 5min);
  EXPECT_EQ(parse_duration_text("1h"), 1h);
  EXPECT_EQ(parse_duration_text("1m30s"), 90s);
  for (const char* bad : {"", "5", "x", "5x", "-1s", "s"}) EXPECT_FALSE(parse_duration_text(bad)) << bad;
}

TEST(AgentSleep, EndsAtOnceOnStop) {
  std::stop_source stop;
  std::jthread t([&] {
    std::this_thread::sleep_for(50ms);
    stop.request_stop();
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(sleep_for(stop.get_token(), 10s));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_TRUE(sleep_for({}, 1ms));
}

// §2.5: split at the first '=', trimmed; no quotes/comments/export handling.
TEST(AgentDefaultsFile, ParsesLines) {
  const auto vars = parse_defaults(
      "MONITOR_STATE_DIR=/var/lib/ntppool-agent\n"
      "  SPACED  =  value with = sign  \n"
      "no equals sign\n"
      "=empty key\n"
      "# COMMENT=kept as a name\n"
      "QUOTED=\"x\"\n");
  ASSERT_EQ(vars.size(), 4U);
  EXPECT_EQ(vars[0], (std::pair<std::string, std::string>{"MONITOR_STATE_DIR", "/var/lib/ntppool-agent"}));
  EXPECT_EQ(vars[1], (std::pair<std::string, std::string>{"SPACED", "value with = sign"}));
  EXPECT_EQ(vars[2].first, "# COMMENT");
  EXPECT_EQ(vars[3].second, "\"x\"");
}

TEST(AgentDefaultsFile, DoesNotOverrideTheEnvironment) {
  testing::TempDir dir;
  testing::write_text(dir / "defaults", "NTPMON_TEST_PRESET=from-file\nNTPMON_TEST_EMPTY=from-file\nNTPMON_TEST_NEW=v\n");
  ::setenv("NTPMON_TEST_PRESET", "from-env", 1);
  ::setenv("NTPMON_TEST_EMPTY", "", 1);
  ::unsetenv("NTPMON_TEST_NEW");
  const auto applied = apply_defaults_file(dir / "defaults");
  EXPECT_STREQ(std::getenv("NTPMON_TEST_PRESET"), "from-env");
  EXPECT_STREQ(std::getenv("NTPMON_TEST_EMPTY"), "");  // present-but-empty counts as present
  EXPECT_STREQ(std::getenv("NTPMON_TEST_NEW"), "v");
  EXPECT_EQ(applied.size(), 1U);
  EXPECT_TRUE(apply_defaults_file(dir / "missing").empty());
}

}  // namespace
}  // namespace ntpmon::agent
