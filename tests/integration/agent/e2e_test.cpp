// End to end with the real monitor-api (issue 6 acceptance): a running `monitor` without a key
// picks up the state.json that `setup` writes within a second; the registration is approved
// with monitor-admin; the agent gets its certificate from a CSR, measures the chronyd servers
// it is given over IPv4 and IPv6, and the results land in log_scores; pausing the monitor with
// monitor-admin stops its work within one config poll; SIGTERM ends it promptly with status 0.
// Also measures the agent's resident memory while monitoring.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <cstdio>
#include <ctime>
#include <iostream>
#include <optional>
#include <thread>

#include "api_fixture.h"
#include "loopback_ntp.h"

namespace ntpmon::agent {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

long long count_rows(soci::session& s, const std::string& sql) {
  long long n = 0;
  s << sql, soci::into(n);
  return n;
}

template <typename F>
bool poll_until(F condition, std::chrono::milliseconds limit, std::chrono::milliseconds step = 100ms) {
  const auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(step);
  }
  return condition();
}

// The `ts=` of the first log line containing `text` (logfmt, UTC, milliseconds), as
// milliseconds since the epoch; nullopt when there is no such line.
std::optional<long long> log_time_ms(const std::string& log, const std::string& text) {
  const auto at = log.find(text);
  if (at == std::string::npos) return std::nullopt;
  const auto line_start = log.rfind('\n', at) == std::string::npos ? 0 : log.rfind('\n', at) + 1;
  const auto ts = log.find("ts=", line_start);
  if (ts == std::string::npos || ts > at) return std::nullopt;
  std::tm tm{};
  int ms = 0;
  if (std::sscanf(log.c_str() + ts + 3, "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) != 7) {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<long long>(::timegm(&tm)) * 1000 + ms;
}

TEST(AgentEndToEnd, SetupMonitorPauseShutdown) {
  // NTP servers: two per family; the first of each is also the local-check host.
  const std::string v4a = "127.66.64.1", v4b = "127.66.64.2";
  const std::string v6a = "fd00:6e74:7063::1", v6b = "fd00:6e74:7063::2";
  testing::LoopbackAddress addr_a(v6a), addr_b(v6b);
  ASSERT_EQ(addr_a.error(), "");
  testing::ChronydOnLoopback ntp_v4a(v4a), ntp_v4b(v4b), ntp_v6a(v6a), ntp_v6b(v6b);
  for (auto* s : {&ntp_v4a, &ntp_v4b, &ntp_v6a, &ntp_v6b}) ASSERT_EQ(s->error(), "") << s->address();

  testing::ApiFixture api("agent_e2e");
  ASSERT_EQ(api.error(), "");
  auto& db = api.db().session();
  const long long account_id = api.add_account("agent e2e", "e2eacct1");
  for (const std::string& ip : {v4a, v4b, v6a, v6b}) {
    auto r = api.admin({"servers", "add", ip, "--account", std::to_string(account_id)});
    ASSERT_EQ(r.exit_status, 0) << r.err;
  }
  // The operational defaults per family: 3 samples and the local-check hosts.
  api.set_operational_defaults(3, v4a, v6a);

  const std::filesystem::path state = api.dir() / "agent-state";
  const auto env = api.agent_env();

  // 1. The monitor starts before any registration and waits for an API key. Default config
  //    poll (5 min): the pick-up of step 3 can only come from watching state.json.
  testing::BackgroundProcess monitor(api.agent_argv(state, {"monitor"}), env, (api.dir() / "agent-monitor.log").string());
  ASSERT_TRUE(monitor.wait_for_log("no API key, please run ntppool-agent setup", 10s)) << monitor.log();

  // 2. setup registers (IPv4 from localhost; this host has no IPv6 name for localhost, so
  //    the IPv6 request is skipped with a warning) and polls until approved.
  testing::BackgroundProcess setup(api.agent_argv(state, {"setup", "--hostname", "e2e-host"}), env,
                                   (api.dir() / "agent-setup.log").string());
  long long registration_id = 0;
  ASSERT_TRUE(poll_until([&] {
    return count_rows(db, "SELECT COUNT(*) FROM monitor_registrations WHERE status = 'pending'") == 1;
  }, 20s)) << setup.log() << api.api_log();
  db << "SELECT id FROM monitor_registrations WHERE status = 'pending'", soci::into(registration_id);
  ASSERT_TRUE(setup.wait_for_log("Please visit the following URL", 10s)) << setup.log();
  // The IPv6 address the IPv6 request would have recorded (fixture: see above).
  db.once << "UPDATE monitor_registrations SET ip6 = '::1' WHERE id = " << registration_id;
  auto approved = api.admin({"registrations", "approve", std::to_string(registration_id), "--account",
                             std::to_string(account_id), "--location", "tst", "--status", "testing"});
  ASSERT_EQ(approved.exit_status, 0) << approved.err << approved.out;
  std::string tls_name;
  db << "SELECT tls_name FROM monitors WHERE ip = '127.0.0.1'", soci::into(tls_name);
  ASSERT_FALSE(tls_name.empty());
  // The monitors may measure the servers: (monitor, server) pairs in testing.
  api.add_server_scores(tls_name, "testing");

  const auto setup_status = setup.wait(30s);
  const auto setup_done = Clock::now();
  ASSERT_EQ(setup_status, 0) << setup.log();
  EXPECT_NE(setup.log().find("API key stored successfully"), std::string::npos);

  // 3. The running monitor picks up the new state.json within a second (500 ms debounce, then
  //    the config fetch with the new key): measured between the two programs' own log
  //    timestamps, from setup storing the key to the monitor logging the fetched config.
  ASSERT_TRUE(monitor.wait_for_log("tls_name=" + tls_name, 5s)) << monitor.log();
  const auto stored_at = log_time_ms(setup.log(), "API key stored successfully");
  const auto picked_at = log_time_ms(monitor.log(), "tls_name=" + tls_name);
  ASSERT_TRUE(stored_at && picked_at) << setup.log() << monitor.log();
  std::cout << "state.json picked up " << *picked_at - *stored_at << " ms after setup stored the key ("
            << std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - setup_done).count()
            << " ms after setup exited, as the test saw it)\n";
  EXPECT_GE(*picked_at - *stored_at, 450) << "faster than the 500 ms debounce";
  EXPECT_LT(*picked_at - *stored_at, 1000);

  // 4. Certificate from a CSR, then measurements of both families land in log_scores.
  ASSERT_TRUE(monitor.wait_for_log("certificate installed", 20s)) << monitor.log();
  const std::string rows_v4 = "SELECT COUNT(*) FROM log_scores l JOIN monitors m ON m.id = l.monitor_id WHERE m.tls_name = '" +
                              tls_name + "' AND m.ip_version = 'v4'";
  const std::string rows_v6 = "SELECT COUNT(*) FROM log_scores l JOIN monitors m ON m.id = l.monitor_id WHERE m.tls_name = '" +
                              tls_name + "' AND m.ip_version = 'v6'";
  // Generous: on a loaded machine (ctest -j) a failed local clock check or an empty batch
  // costs the agent a backoff before its next try; the test only needs the rows to come.
  ASSERT_TRUE(poll_until([&] { return count_rows(db, rows_v4) >= 2 && count_rows(db, rows_v6) >= 2; }, 180s, 500ms))
      << monitor.log() << api.api_log();
  // The scores are for good servers: a step of +1 (offset within 25 ms, no error).
  EXPECT_EQ(count_rows(db, "SELECT COUNT(*) FROM log_scores WHERE step <> 1"), 0) << monitor.log();
  long long with_rtt = count_rows(db, "SELECT COUNT(*) FROM log_scores WHERE rtt > 0 AND `offset` IS NOT NULL");
  EXPECT_GE(with_rtt, 4);

  const long rss = monitor.rss_kib(), peak = monitor.peak_rss_kib();
  std::cout << "agent resident memory while monitoring: VmRSS " << rss << " KiB, VmHWM " << peak << " KiB\n";
  ::testing::Test::RecordProperty("agent_vmrss_kib", std::to_string(rss));
  ::testing::Test::RecordProperty("agent_vmhwm_kib", std::to_string(peak));
  EXPECT_LT(peak, 10 * 1024);

  // 5. SIGTERM: a prompt, clean exit.
  {
    const auto stop_time = Clock::now();
    const auto status = monitor.terminate(5s);
    EXPECT_EQ(status, 0) << monitor.log();
    EXPECT_LT(Clock::now() - stop_time, 2s);
  }

  // 6. Paused with monitor-admin: a monitor polling its config every 2 s stops its work
  //    within one poll (measured to the agent's own log line), then makes no more requests.
  testing::BackgroundProcess again(api.agent_argv(state, {"--config-poll-interval", "2s", "monitor"}), env,
                                   (api.dir() / "agent-monitor-2.log").string());
  // Working: both workers started (their servers were measured moments ago, so the API may
  // have no work for them yet; they then poll GetServers with backoff).
  ASSERT_TRUE(poll_until([&] {
    const std::string log = again.log();
    return log.find("starting monitor") != log.rfind("starting monitor");
  }, 30s)) << again.log();
  auto paused = api.admin({"monitors", "set-status", tls_name, "paused"});
  ASSERT_EQ(paused.exit_status, 0) << paused.err;
  const long long paused_at = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch()).count();
  ASSERT_TRUE(again.wait_for_log("protocol is inactive, waiting for activation", 10s) ||
              again.wait_for_log("abandoning the batch", 1s))
      << again.log();
  auto stopped_at = log_time_ms(again.log(), "protocol is inactive, waiting for activation");
  if (const auto abandoned = log_time_ms(again.log(), "abandoning the batch")) {
    stopped_at = stopped_at ? std::min(*stopped_at, *abandoned) : *abandoned;
  }
  ASSERT_TRUE(stopped_at) << again.log();
  std::cout << "paused: work stopped " << *stopped_at - paused_at << " ms after monitor-admin returned\n";
  EXPECT_LT(*stopped_at - paused_at, 2000 + 500) << "one 2 s config poll plus the fetch\n" << again.log();
  std::this_thread::sleep_for(500ms);
  const long long after_pause = count_rows(db, "SELECT COUNT(*) FROM log_scores");
  const std::size_t log_size = again.log().size();
  std::this_thread::sleep_for(6s);
  EXPECT_EQ(count_rows(db, "SELECT COUNT(*) FROM log_scores"), after_pause);
  const std::string later = again.log().substr(log_size);
  EXPECT_EQ(later.find("getting server list"), std::string::npos) << later;  // no GetServers attempts
  EXPECT_EQ(later.find("batch processing"), std::string::npos) << later;

  const auto status = again.terminate(5s);
  EXPECT_EQ(status, 0) << again.log();
}

}  // namespace
}  // namespace ntpmon::agent
