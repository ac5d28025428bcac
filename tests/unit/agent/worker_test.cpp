// The monitoring loop of one family against a fake monitor API and a scripted NTP server on
// loopback (spec/agent.md §11 with decision A5; §12 through check_host).
#include <gtest/gtest.h>

#include <thread>

#include "../ntp/fake_server.h"
#include "monitor/batch.h"
#include "monitor/worker.h"
#include "support/agent_test_util.h"
#include "support/fake_config_api.h"
#include "support/fake_monitor_api.h"

namespace ntpmon::agent {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

const std::string kLoopback4("\x7f\x00\x00\x01", 4);

// A local clock check probe that always passes (for tests whose NTP server answers late on
// purpose, which makes its offsets wrong).
ntp::CheckResult passing_probe(const api::IpAddress&, const ntp::CheckOptions&, std::stop_token) {
  ntp::CheckResult r;
  ntp::ServerStatus s;
  s.offset = std::chrono::nanoseconds(0);
  s.rtt = std::chrono::nanoseconds(100);
  r.status = s;
  return r;
}

struct WorkerFixture {
  testing::TempDir dir;
  testing::FakeConfigApi http;
  testing::CapturedLog log;
  testing::FakeMonitorApi rpc;
  std::unique_ptr<AppConfig> app;
  std::unique_ptr<ntp::testing::FakeNtpServer> ntp_server;

  explicit WorkerFixture(const std::string& status = "active", std::chrono::milliseconds reply_delay = 0ms,
                         std::chrono::nanoseconds server_offset = 0ns) {
    auto answer = ntp::testing::answer_with({}, server_offset);
    ntp_server = std::make_unique<ntp::testing::FakeNtpServer>(
        [answer, reply_delay](const ntp::testing::Request& req) {
          auto replies = answer(req);
          for (auto& r : replies) r.delay = reply_delay;
          return replies;
        });
    set_status(status, false);
    AppConfigOptions o;
    o.base_dir = dir.path();
    o.api = http.client();
    o.logger = log.logger;
    app = std::make_unique<AppConfig>(std::move(o));
    app->set_api_key("k");
    EXPECT_TRUE(app->load().ok());
    rpc.config.samples = 1;
    rpc.config.ip_bytes = kLoopback4;
    rpc.config.base_checks = {"127.0.0.1"};
  }

  void set_status(const std::string& status, bool reload = true) {
    api::MonitorStatusConfig c;
    c.name = "t1";
    c.tls_name = "t1.devel.mon.ntppool.dev";
    c.ipv4 = {status, "127.0.0.1"};
    http.set_config(c);
    if (reload) {
      EXPECT_TRUE(app->load().ok());
    }
  }

  WorkerSettings settings() const {
    WorkerSettings s;
    s.family = AddressFamily::v4;
    s.measure.allow_local_targets = true;
    s.measure.port = ntp_server->port();
    s.measure.spacing = 10ms;
    s.measure.timeout = 2s;
    s.batch_backoff = {50ms, 400ms, 0.0};
    s.refresher.first_run_error_step = 50ms;
    return s;
  }
};

// §11.6: one batch measured and submitted: version 4, mon_id, batch id echoed, every server
// with its ticket and exact address bytes, a measured offset.
TEST(AgentWorker, SubmitsMeasuredBatch) {
  WorkerFixture f;
  f.rpc.servers = [] { return testing::FakeMonitorApi::batch(2, kLoopback4); };
  MonitorWorker worker(*f.app, f.rpc, f.settings(), f.log.logger);
  std::jthread t([&](std::stop_token st) { worker.run(st); });
  ASSERT_TRUE(f.rpc.wait_for_submissions(1, 5s));
  t.request_stop();
  t.join();
  const auto submissions = f.rpc.submissions();
  const auto& s = submissions.front();
  EXPECT_EQ(s.version, 4);
  EXPECT_EQ(s.mon_id, "127.0.0.1");
  EXPECT_EQ(s.batch_id.size(), 26U);
  ASSERT_EQ(s.list.size(), 2U);
  std::set<std::string> tickets;
  for (const auto& st : s.list) {
    tickets.insert(st.ticket);
    EXPECT_EQ(st.ip_bytes, kLoopback4);
    EXPECT_FALSE(st.no_response);
    EXPECT_EQ(st.error, "");
    EXPECT_TRUE(st.offset);
    EXPECT_TRUE(st.rtt);
    EXPECT_EQ(st.stratum, 2);
    ASSERT_TRUE(st.ts);
    EXPECT_LT(std::abs(st.ts->seconds - std::chrono::system_clock::to_time_t(std::chrono::system_clock::now())), 10);
  }
  EXPECT_EQ(tickets, (std::set<std::string>{"ticket-0", "ticket-1"}));
  EXPECT_EQ(f.rpc.server_requests().front().mon_id, "127.0.0.1");
  EXPECT_GE(worker.stats().batches, 1U);
}

// Decision A5: "paused" abandons the batch in flight at once (nothing submitted) and stops
// work until the monitor is live again.
TEST(AgentWorker, PausedAbandonsBatchAtOnce_A5) {
  WorkerFixture f("active", 800ms);
  f.rpc.servers = [] { return testing::FakeMonitorApi::batch(3, kLoopback4); };
  auto settings = f.settings();
  settings.local_check.probe = passing_probe;
  MonitorWorker worker(*f.app, f.rpc, settings, f.log.logger);
  std::jthread t([&](std::stop_token st) { worker.run(st); });
  ASSERT_TRUE(f.rpc.wait_for_server_requests(1, 5s));
  std::this_thread::sleep_for(100ms);  // the measurements are in flight
  f.set_status("paused");
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(f.rpc.submissions().size(), 0U);
  EXPECT_EQ(f.rpc.server_requests().size(), 1U);
  EXPECT_EQ(worker.stats().abandoned, 1U);
  EXPECT_TRUE(f.log.contains("abandoning the batch"));
  f.set_status("active");
  EXPECT_TRUE(f.rpc.wait_for_submissions(1, 5s));
  t.request_stop();
}

// Decision A5: "pending" lets the batch in flight finish and be submitted, then waits.
TEST(AgentWorker, PendingFinishesBatchThenWaits_A5) {
  WorkerFixture f("active", 800ms);
  f.rpc.servers = [] { return testing::FakeMonitorApi::batch(3, kLoopback4); };
  auto settings = f.settings();
  settings.local_check.probe = passing_probe;
  MonitorWorker worker(*f.app, f.rpc, settings, f.log.logger);
  std::jthread t([&](std::stop_token st) { worker.run(st); });
  ASSERT_TRUE(f.rpc.wait_for_server_requests(1, 5s));
  std::this_thread::sleep_for(100ms);
  f.set_status("pending");
  ASSERT_TRUE(f.rpc.wait_for_submissions(1, 3s));
  EXPECT_EQ(f.rpc.submissions().front().list.size(), 3U);
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(f.rpc.server_requests().size(), 1U);  // no new work while pending
  EXPECT_EQ(worker.stats().abandoned, 0U);
  f.set_status("testing");
  EXPECT_TRUE(f.rpc.wait_for_server_requests(2, 3s));
  t.request_stop();
}

// §11.4: a worker started while the family is not live waits for activation.
TEST(AgentWorker, WaitsForActivation) {
  WorkerFixture f("pending");
  MonitorWorker worker(*f.app, f.rpc, f.settings(), f.log.logger);
  std::jthread t([&](std::stop_token st) { worker.run(st); });
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(f.rpc.config_requests(), 0U);
  EXPECT_TRUE(f.rpc.server_requests().empty());
  EXPECT_TRUE(f.log.contains("protocol not active, waiting for activation"));
  f.set_status("active");
  EXPECT_TRUE(f.rpc.wait_for_server_requests(1, 3s));
  t.request_stop();
}

// §11.5: "no work" is paced by the batch backoff (growing intervals).
TEST(AgentWorker, NoWorkBacksOff) {
  WorkerFixture f;
  std::vector<Clock::time_point> calls;
  std::mutex m;
  f.rpc.on_get_servers = [&] {
    std::lock_guard lock(m);
    calls.push_back(Clock::now());
  };
  MonitorWorker worker(*f.app, f.rpc, f.settings(), f.log.logger);
  std::jthread t([&](std::stop_token st) { worker.run(st); });
  ASSERT_TRUE(f.rpc.wait_for_server_requests(5, 5s));
  t.request_stop();
  t.join();
  std::lock_guard lock(m);
  const auto gap1 = calls[1] - calls[0];
  const auto gap4 = calls[4] - calls[3];
  EXPECT_GE(gap1, 40ms);
  EXPECT_GT(gap4, gap1 * 2);  // 50 ms, 75, 112, 168 ms
  EXPECT_TRUE(f.rpc.submissions().empty());
}

// Decision A5: "paused" also abandons the local clock check that precedes a batch (here its
// probe waits 3 s for a slow server): the worker stops at once, asks for no servers.
TEST(AgentWorker, PausedAbandonsLocalClockCheck_A5) {
  WorkerFixture f("active", 3s);
  auto settings = f.settings();
  settings.measure.timeout = 5s;
  MonitorWorker worker(*f.app, f.rpc, settings, f.log.logger);
  std::jthread t([&](std::stop_token st) { worker.run(st); });
  const auto deadline = Clock::now() + 10s;
  while (f.ntp_server->request_count() == 0 && Clock::now() < deadline) std::this_thread::sleep_for(5ms);
  ASSERT_EQ(f.ntp_server->request_count(), 1U);  // the local check's probe is waiting
  const auto paused = Clock::now();
  f.set_status("paused");
  while (!f.log.contains("protocol is inactive, waiting for activation") && Clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_TRUE(f.log.contains("protocol is inactive, waiting for activation"));
  EXPECT_LT(Clock::now() - paused, 2s);  // not after the 3 s reply
  EXPECT_TRUE(f.rpc.server_requests().empty());
  EXPECT_FALSE(f.log.contains("local-check failure"));  // an abandoned check is no verdict
  t.request_stop();
}

// Decision A5 with §11.4: a pause that arrives while the worker waits out a "no work"
// backoff (here 30 s) is acted on at once, not when the backoff ends; and when the monitor is
// live again the work resumes at once too (the status gate is woken by the change).
TEST(AgentWorker, PausedDuringNoWorkBackoffStopsAtOnce_A5) {
  WorkerFixture f;
  auto settings = f.settings();
  settings.batch_backoff = {30s, 30s, 0.0};
  MonitorWorker worker(*f.app, f.rpc, settings, f.log.logger);
  std::jthread t([&](std::stop_token st) { worker.run(st); });
  ASSERT_TRUE(f.rpc.wait_for_server_requests(1, 5s));  // empty batch: backing off for 30 s
  const auto paused = Clock::now();
  f.set_status("paused");
  const auto deadline = paused + 10s;
  while (!f.log.contains("protocol is inactive, waiting for activation") && Clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(f.log.contains("protocol is inactive, waiting for activation"));
  EXPECT_LT(Clock::now() - paused, 10s);
  EXPECT_EQ(f.rpc.server_requests().size(), 1U);
  f.rpc.servers = [] { return testing::FakeMonitorApi::batch(1, kLoopback4); };
  f.set_status("active");
  EXPECT_TRUE(f.rpc.wait_for_submissions(1, 10s));
  t.request_stop();
}

// §11.5: errors are retried with backoff, never fatal.
TEST(AgentWorker, ErrorsAreRetried) {
  WorkerFixture f;
  f.rpc.on_get_servers = [] { throw api::ApiError(api::ErrorCode::unavailable, "down"); };
  MonitorWorker worker(*f.app, f.rpc, f.settings(), f.log.logger);
  std::jthread t([&](std::stop_token st) { worker.run(st); });
  ASSERT_TRUE(f.rpc.wait_for_server_requests(3, 5s));
  t.request_stop();
  t.join();
  EXPECT_GE(worker.stats().failures, 2U);
  EXPECT_TRUE(f.log.contains("getting server list"));
}

// §11.5 step 5.2: no RPC while the local clock looks wrong (BaseChecks 50 ms off).
TEST(AgentWorker, LocalClockGate) {
  WorkerFixture f("active", 0ms, 50ms);
  MonitorWorker worker(*f.app, f.rpc, f.settings(), f.log.logger);
  std::jthread t([&](std::stop_token st) { worker.run(st); });
  ASSERT_TRUE(testing::eventually([&] { return f.log.contains("local clock might not be okay"); }, 3s));
  std::this_thread::sleep_for(300ms);
  EXPECT_TRUE(f.rpc.server_requests().empty());
  EXPECT_TRUE(f.log.contains("offset too large"));
  const auto t0 = Clock::now();
  t.request_stop();
  t.join();
  EXPECT_LT(Clock::now() - t0, 1s);  // the wait for the cache to expire is interruptible
}

// §11.3: no BaseChecks in the operational config: the worker does not start batches.
TEST(AgentWorker, NeedsBaseChecks) {
  WorkerFixture f;
  f.rpc.config.base_checks.clear();
  MonitorWorker worker(*f.app, f.rpc, f.settings(), f.log.logger);
  std::jthread t([&](std::stop_token st) { worker.run(st); });
  ASSERT_TRUE(testing::eventually([&] { return f.rpc.config_requests() >= 1; }, 2s));
  std::this_thread::sleep_for(300ms);
  EXPECT_TRUE(f.rpc.server_requests().empty());
  EXPECT_TRUE(f.log.contains("no BaseChecks available"));
  t.request_stop();
}

// §11.3: GetConfig failures on the first run are retried (10 s × errors, shortened here).
TEST(AgentWorker, ConfigErrorsRetried) {
  WorkerFixture f;
  f.rpc.set_fail_config(true);
  MonitorWorker worker(*f.app, f.rpc, f.settings(), f.log.logger);
  std::jthread t([&](std::stop_token st) { worker.run(st); });
  ASSERT_TRUE(testing::eventually([&] { return f.rpc.config_requests() >= 3; }, 3s));
  f.rpc.set_fail_config(false);
  EXPECT_TRUE(f.rpc.wait_for_server_requests(1, 3s));
  t.request_stop();
}

// Prompt shutdown during NTP sampling (§11.7, §21 A42).
TEST(AgentWorker, StopsPromptlyDuringSampling) {
  WorkerFixture f("active", 0ms);
  f.rpc.servers = [] { return testing::FakeMonitorApi::batch(5, kLoopback4); };
  MonitorWorker worker(*f.app, f.rpc, [&] {
    auto s = f.settings();
    s.measure.spacing = 2s;  // production spacing: the batch lasts > 4 s
    return s;
  }(), f.log.logger);
  f.rpc.config.samples = 3;
  std::jthread t([&](std::stop_token st) { worker.run(st); });
  ASSERT_TRUE(f.rpc.wait_for_server_requests(1, 10s));
  std::this_thread::sleep_for(300ms);
  const auto t0 = Clock::now();
  t.request_stop();
  t.join();
  EXPECT_LT(Clock::now() - t0, 1s);
  EXPECT_TRUE(f.rpc.submissions().empty());
}

// --once: one iteration, at most 10 servers of a larger batch (§21 A17), then the end.
TEST(AgentWorker, OnceMeasuresAtMostTen) {
  WorkerFixture f;
  f.rpc.servers = [] { return testing::FakeMonitorApi::batch(15, kLoopback4); };
  auto s = f.settings();
  s.once = true;
  MonitorWorker worker(*f.app, f.rpc, s, f.log.logger);
  std::jthread t([&](std::stop_token st) { worker.run(st); });
  t.join();
  ASSERT_EQ(f.rpc.submissions().size(), 1U);
  EXPECT_EQ(f.rpc.submissions().front().list.size(), 10U);
  EXPECT_TRUE(f.log.contains("asked to only run once"));
}

// §12.3 through the batch: without --allow-local-targets a loopback server is not measured
// and is reported as "loopback address" with no_response.
TEST(AgentWorker, LoopbackTargetsRefusedByDefault) {
  WorkerFixture f;
  OperationalConfigStore store;
  store.set(operational_config_from(f.rpc.config));
  f.rpc.servers = [] { return testing::FakeMonitorApi::batch(1, kLoopback4); };
  BatchContext ctx{f.rpc, store, AddressFamily::v4, "127.0.0.1", MeasureSettings{}, false, f.log.logger};
  const BatchResult r = run_batch(ctx, {});
  EXPECT_EQ(r.count, 1U);
  const auto s = f.rpc.submissions().front().list.front();
  EXPECT_EQ(s.error, "loopback address");
  EXPECT_TRUE(s.no_response);
  EXPECT_FALSE(s.offset);
}

}  // namespace
}  // namespace ntpmon::agent
