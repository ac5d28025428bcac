// Waiting until the agent can monitor (spec/agent.md §9 with the decisions; §20 tests 64-66)
// and the local clock check (§13).
#include <gtest/gtest.h>

#include <thread>

#include "monitor/local_clock_check.h"
#include "monitor/readiness.h"
#include "support/agent_test_util.h"
#include "support/fake_config_api.h"

namespace ntpmon::agent {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct Fixture {
  testing::TempDir dir;
  testing::FakeConfigApi http;
  testing::CapturedLog log;
  std::unique_ptr<AppConfig> app;

  Fixture() {
    AppConfigOptions o;
    o.base_dir = dir.path();
    o.api = http.client();
    o.logger = log.logger;
    app = std::make_unique<AppConfig>(std::move(o));
  }
  void set_status(const std::string& status) {
    api::MonitorStatusConfig c;
    c.name = "r1";
    c.tls_name = "r1.devel.mon.ntppool.dev";
    c.ipv4 = {status, "192.0.2.1"};
    http.set_config(c);
  }
  ReadinessOptions fast() const {
    ReadinessOptions o;
    o.missing_key = {50ms, 200ms};
    o.unauthorized = {50ms, 200ms};
    o.api_error = {50ms, 200ms};
    o.certificate = {50ms, 200ms};
    o.activation = {50ms, 200ms};
    o.setup_command = "ntppool-agent setup --env devel";
    return o;
  }
};

// Tests 64, 65: key, certificate and a live family: ready at once (no extra calls).
TEST(AgentReadiness, ReadyWhenConfigured_Tests64_65) {
  Fixture f;
  f.set_status("testing");
  f.http.enable_certificates();
  f.app->set_api_key("k");
  const LoadOutcome first = f.app->load();
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(f.app->certificates().have_certificate());
  const int calls = f.http.config_requests();
  const auto t0 = Clock::now();
  EXPECT_TRUE(wait_until_ready(*f.app, first, f.fast(), f.log.logger, {}));
  EXPECT_LT(Clock::now() - t0, 3s);
  EXPECT_EQ(f.http.config_requests(), calls);
}

// Test 66: pending with a 200 ms deadline: returns (not ready, no error) after >= 150 ms.
TEST(AgentReadiness, PendingUntilStopped_Test66) {
  Fixture f;
  f.set_status("pending");
  f.app->set_api_key("k");
  const LoadOutcome first = f.app->load();
  std::stop_source stop;
  std::jthread timer([&] {
    std::this_thread::sleep_for(200ms);
    stop.request_stop();
  });
  const auto t0 = Clock::now();
  EXPECT_FALSE(wait_until_ready(*f.app, first, f.fast(), f.log.logger, stop.get_token()));
  EXPECT_GE(Clock::now() - t0, 150ms);
  EXPECT_TRUE(f.log.contains("waiting for monitor status to be testing or active"));
}

// The whole path: no key -> key set (as setup does) -> activation -> certificate -> ready.
TEST(AgentReadiness, FromNothingToReady) {
  Fixture f;
  f.set_status("pending");
  const LoadOutcome first = f.app->load();
  std::jthread operator_thread([&] {
    std::this_thread::sleep_for(150ms);
    f.app->set_api_key("fresh-key");
    std::this_thread::sleep_for(150ms);
    f.set_status("active");
    f.http.enable_certificates();
  });
  const auto t0 = Clock::now();
  EXPECT_TRUE(wait_until_ready(*f.app, first, f.fast(), f.log.logger, {}));
  EXPECT_LT(Clock::now() - t0, 5s);
  EXPECT_TRUE(f.log.contains("no API key, please run ntppool-agent setup"));
  EXPECT_TRUE(f.app->certificates().have_certificate());
}

// Decision "resilience": an unreachable or failing API is retried with backoff and logged,
// never fatal; a 401 waits too (for a new key).
TEST(AgentReadiness, ApiFailuresAreRetried) {
  Fixture f;
  f.set_status("active");
  f.http.enable_certificates();
  f.app->set_api_key("k");
  f.http.set_config_failure(503);
  const LoadOutcome first = f.app->load();
  ASSERT_EQ(first.status, LoadStatus::failed);
  std::jthread recover([&] {
    std::this_thread::sleep_for(300ms);
    f.http.set_config_failure(0);
  });
  EXPECT_TRUE(wait_until_ready(*f.app, first, f.fast(), f.log.logger, {}));
  EXPECT_TRUE(f.log.contains("could not load the configuration from the API, will retry"));
  EXPECT_GE(f.http.config_requests(), 3);

  Fixture g;
  g.set_status("active");
  g.http.enable_certificates();
  g.app->set_api_key("revoked");
  g.http.set_unauthorized_key("revoked");
  const LoadOutcome unauthorized = g.app->load();
  ASSERT_EQ(unauthorized.status, LoadStatus::unauthorized);
  std::jthread new_key([&] {
    std::this_thread::sleep_for(200ms);
    g.app->set_api_key("good");
  });
  EXPECT_TRUE(wait_until_ready(*g.app, unauthorized, g.fast(), g.log.logger, {}));
  EXPECT_TRUE(g.log.contains("API key unauthorized"));
}

TEST(AgentReadiness, OnlyEnabledFamiliesCount) {
  Fixture f;
  f.set_status("active");  // only IPv4 is assigned
  f.http.enable_certificates();
  f.app->set_api_key("k");
  const LoadOutcome first = f.app->load();
  ReadinessOptions o = f.fast();
  o.ipv4 = false;
  EXPECT_EQ(evaluate_readiness(*f.app, first, o), Readiness::not_live);
  o.ipv4 = true;
  EXPECT_EQ(evaluate_readiness(*f.app, first, o), Readiness::ready);
}

// §13: majority rule, DNS failures skipped, cache, probe failures named.
TEST(AgentLocalClockCheck, MajorityAndCache) {
  OperationalConfigStore store;
  OperationalConfig c;
  c.base_checks = {"good1", "good2", "bad", "nxdomain"};
  store.set(c);
  testing::CapturedLog log;
  std::atomic<int> probes{0};
  LocalClockCheck::Options o;
  o.cache_ttl = 300ms;
  o.stagger = 1ms;
  o.resolver = [](const std::string& host, std::string& error) -> std::vector<api::IpAddress> {
    if (host == "nxdomain") {
      error = "Name or service not known";
      return {};
    }
    const char last = host == "bad" ? 3 : host == "good1" ? 1 : 2;
    return {api::IpAddress{api::IpFamily::v6, std::string(16, '\1')}, api::IpAddress{api::IpFamily::v4, std::string("\xc0\x00\x02", 3) + last}};
  };
  o.probe = [&](const api::IpAddress& a, const ntp::CheckOptions&, std::stop_token) {
    ++probes;
    EXPECT_EQ(a.family, api::IpFamily::v4);  // the worker's family only
    ntp::CheckResult r;
    ntp::ServerStatus s;
    s.offset = a.bytes[3] == 3 ? std::chrono::nanoseconds(20ms) : std::chrono::nanoseconds(1ms);
    r.status = s;
    return r;
  };
  LocalClockCheck check(store, AddressFamily::v4, MeasureSettings{}, log.logger, o);
  EXPECT_TRUE(check.check());  // 3 probed, 1 failure allowed
  EXPECT_EQ(probes, 3);
  EXPECT_TRUE(log.contains("dns lookup failed"));
  EXPECT_TRUE(log.contains("offset too large: 20ms"));
  EXPECT_TRUE(check.check());  // cached
  EXPECT_EQ(probes, 3);
  EXPECT_GT(check.next_check_in(), 0ns);
  std::this_thread::sleep_for(350ms);
  c.base_checks = {"good1", "bad"};  // the current config is used (§21 A10): 2 probed, 0 allowed
  store.set(c);
  EXPECT_FALSE(check.check());
  EXPECT_EQ(probes, 5);
  c.base_checks = {};
  store.set(c);
  std::this_thread::sleep_for(350ms);
  EXPECT_FALSE(check.check());
  EXPECT_TRUE(log.contains("did not get NTP BaseChecks from API"));
}

}  // namespace
}  // namespace ntpmon::agent
