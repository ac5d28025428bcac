// Concurrency (issue 5 acceptance): 50 monitors submit at once for 10 minutes of simulated
// work (120 batches each, batch times 5 s apart, tickets for the simulated batches), with
// replays, bad tickets and out-of-order batches mixed in and GetServers calls interleaved.
// Every accepted result is a row, every rejected one is absent, and each pair's score is the
// recurrence over exactly its accepted results.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <random>
#include <thread>

#include "api/json_codec.h"
#include "api/paths.h"
#include "api/ulid.h"
#include "api_test_env.h"
#include "scoring/recurrence.h"
#include "scoring/step.h"

namespace ntpmon::test {
namespace {

using namespace std::chrono;

constexpr int kMonitors = 50;
constexpr int kServers = 10;
constexpr int kBatches = 120;  // 10 minutes at one batch per 5 s
constexpr seconds kBatchSpacing{5};

std::string monitor_name(int i) { return "c" + std::to_string(i) + "-abc.test.mon.ntppool.dev"; }
std::string monitor_ip(int i) { return "10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1); }
std::string server_ip(int s) { return "192.0.2." + std::to_string(s + 1); }

struct MonitorRun {
  std::uint32_t id = 0;
  std::vector<sys_seconds> accepted;  // batch times whose results must be rows
  std::vector<sys_seconds> rejected;  // batch times whose results must be absent
  std::vector<std::string> failures;  // unexpected answers
};

TEST(ApiConcurrency, FiftyMonitorsLoseNothing) {
  ApiTestEnv env("api_concurrency");
  auto account = env.add_account("abc");
  env.add_system_defaults("v4", R"({"base_checks":["time.example.org"]})");
  std::vector<std::uint32_t> servers;
  for (int s = 0; s < kServers; ++s) servers.push_back(env.add_server(server_ip(s)));
  std::vector<MonitorRun> runs(kMonitors);
  std::vector<AgentIdentity> agents;
  for (int i = 0; i < kMonitors; ++i) {
    runs[i].id = env.add_monitor(monitor_name(i), monitor_ip(i), "v4", "active", account);
    for (auto server : servers) env.add_pair(runs[i].id, server, 0);
    agents.push_back(env.agent(monitor_name(i)));
  }
  const auto keys = env.ticket_keys();
  const auto start = floor<seconds>(system_clock::now()) - minutes(11);
  const auto expires = floor<seconds>(system_clock::now()) + hours(1);

  auto run_monitor = [&](int i) {
    MonitorRun& run = runs[i];
    auto client = env.client(agents[i].holder);
    std::mt19937 rng(static_cast<unsigned>(i));
    auto submission = [&](sys_seconds batch_time, bool bad_ticket) {
      std::array<std::uint8_t, 10> random{};
      for (auto& b : random) b = static_cast<std::uint8_t>(rng());
      auto batch = api::Ulid::from_parts(time_point_cast<milliseconds>(batch_time), random).to_string();
      api::SubmitResultsRequest r{4, monitor_ip(i), {}, batch};
      for (int s = 0; s < kServers; ++s) {
        api::ServerStatus st;
        st.ip_bytes = ip4_bytes(server_ip(s));
        std::uint32_t signer = bad_ticket && s == 7 ? runs[(i + 1) % kMonitors].id : run.id;
        st.ticket = api::sign_ticket(keys.current(), {signer, batch, st.ip_bytes}, expires);
        st.ts = api::Timestamp{batch_time.time_since_epoch().count(), 0};
        st.offset = api::Duration{0, 1'000'000};
        st.rtt = api::Duration{0, 20'000'000};
        st.stratum = 2;
        r.list.push_back(st);
      }
      return api::to_json(r);
    };
    auto expect = [&](const Reply& reply, int status, const char* what) {
      if (!reply.transport_ok || reply.status != status) {
        run.failures.push_back(std::string(what) + ": " + std::to_string(reply.status) + " " + reply.body +
                               reply.transport_error);
      }
    };
    for (int k = 0; k < kBatches; ++k) {
      const auto t = start + k * kBatchSpacing;
      if (k % 10 == 9) expect(client->post(api::kGetServersPath, "{\"monId\":\"" + monitor_ip(i) + "\"}"), 200, "GetServers");
      if (k % 11 == 5) {  // one ticket of another monitor: the whole batch is refused
        expect(client->post(api::kSubmitResultsPath, submission(t, true)), 400, "bad ticket");
        run.rejected.push_back(t);
        continue;
      }
      auto body = submission(t, false);
      expect(client->post(api::kSubmitResultsPath, body), 200, "submit");
      run.accepted.push_back(t);
      if (k % 7 == 3) expect(client->post(api::kSubmitResultsPath, body), 409, "replay");
      if (k % 13 == 8) {  // a batch older than the last accepted one
        auto old = start - minutes(1) - seconds(k);
        expect(client->post(api::kSubmitResultsPath, submission(old, false)), 400, "out of order");
        run.rejected.push_back(old);
      }
    }
  };

  std::vector<std::thread> threads;
  for (int i = 0; i < kMonitors; ++i) threads.emplace_back(run_monitor, i);
  for (auto& t : threads) t.join();

  for (const auto& run : runs) {
    for (const auto& f : run.failures) ADD_FAILURE() << "monitor " << run.id << ": " << f;
    long long rows = 0;
    env.sql() << "SELECT COUNT(*) FROM log_scores WHERE monitor_id = :m", soci::use(run.id), soci::into(rows);
    EXPECT_EQ(rows, static_cast<long long>(run.accepted.size() * kServers)) << "monitor " << run.id;
    long long distinct = 0;
    env.sql() << "SELECT COUNT(DISTINCT server_id, ts) FROM log_scores WHERE monitor_id = :m", soci::use(run.id),
        soci::into(distinct);
    EXPECT_EQ(distinct, rows) << "duplicated results for monitor " << run.id;
    for (auto t : run.rejected) {
      long long present = 0;
      std::tm tm = {};
      auto tt = system_clock::to_time_t(t);
      gmtime_r(&tt, &tm);
      char text[32];
      std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &tm);
      const std::string ts_text = text;  // soci binds a reference: no temporaries
      env.sql() << "SELECT COUNT(*) FROM log_scores WHERE monitor_id = :m AND ts = :t", soci::use(run.id),
          soci::use(ts_text), soci::into(present);
      EXPECT_EQ(present, 0) << "rejected batch at " << text << " of monitor " << run.id;
    }
    // Every accepted result stepped each pair once: the recurrence over exactly those.
    double expected = 0;
    auto step = scoring::compute_step({false, 2, "", milliseconds(1)});
    for (std::size_t n = 0; n < run.accepted.size(); ++n) expected = scoring::next_monitor_score(expected, step);
    std::vector<double> scores(kServers);
    env.sql() << "SELECT score_raw FROM server_scores WHERE monitor_id = :m ORDER BY server_id", soci::use(run.id),
        soci::into(scores);
    for (double s : scores) EXPECT_DOUBLE_EQ(s, expected) << "monitor " << run.id;
  }
  long long batches = 0;
  env.sql() << "SELECT COUNT(*) FROM monitor_submitted_batches", soci::into(batches);
  EXPECT_LE(batches, kMonitors);  // superseded replay records are cleaned up
}

}  // namespace
}  // namespace ntpmon::test
