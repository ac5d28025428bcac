// `monitor-selector server`: reviews due servers, serves /metrics and /__health, and stops
// promptly on a stop request.
#include <gtest/gtest.h>
#include <httplib.h>
#include <soci/soci.h>

#include <future>
#include <thread>

#include "batch.h"
#include "log/sink.h"
#include "scenario.h"
#include "scenario_db.h"
#include "server_mode.h"
#include "test_database.h"

namespace {

using namespace ntpmon;
using namespace ntpmon::test::selector;

std::optional<std::string> find_field(const std::vector<std::string>& lines, const std::string& key) {
  for (const auto& line : lines) {
    const auto pos = line.find(key + "=");
    if (pos != std::string::npos) return line.substr(pos + key.size() + 1, line.find(' ', pos) - pos - key.size() - 1);
  }
  return std::nullopt;
}

TEST(SelectorServerMode, ReviewsDueServersServesMetricsAndStops) {
  test::TestDatabase db{"selector_server"};
  const auto now = selector::current_time();
  const PassScenario s = load_pass_scenario("P01", now);
  load_scenario(db, s, now);

  auto sink = std::make_shared<log::MemorySink>();
  const log::Logger logger(sink, log::Level::info);
  runtime::ShutdownSignal shutdown;
  auto session = db.connect();
  auto running = std::async(std::launch::async, [&] {
    return selector::run_server_mode(*session, {"127.0.0.1:0"}, logger, shutdown);
  });

  // Wait (bounded) for the review of the one due server.
  auto& check = db.session();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  long long reviewed = 0;
  while (reviewed == 0 && std::chrono::steady_clock::now() < deadline) {
    check << "SELECT COUNT(*) FROM servers_monitor_review WHERE last_review IS NOT NULL", soci::into(reviewed);
    if (reviewed == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(reviewed, 1);
  EXPECT_EQ(server_statuses(check, s.server.id), s.final_server_status);

  const auto address = find_field(sink->lines(), "admin");
  ASSERT_TRUE(address) << "no startup line with the admin address";
  const auto colon = address->rfind(':');
  httplib::Client client(address->substr(0, colon), std::stoi(address->substr(colon + 1)));
  const auto health = client.Get("/__health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  // The counters are updated right after the commit the loop above saw.
  const std::string changed_line = "selector_servers_processed_total{result=\"changed\"} 1";
  std::string metrics;
  for (int i = 0; i < 250; ++i) {
    if (auto r = client.Get("/metrics")) metrics = r->body;
    if (metrics.find(changed_line) != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_NE(metrics.find(changed_line), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("selector_status_changes_total{from_status=\"active\",to_status=\"testing\",rule=\"rule 1.5\"} 2"),
            std::string::npos)
      << metrics;

  // Continuous: a server that becomes due again is reviewed again by the running loop, which
  // is meanwhile idle and backing off (3 s first wait, growing 1.5 times up to 60 s).
  check << "UPDATE servers_monitor_review SET next_review = NULL, last_review = NULL";
  const auto again_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(45);
  long long reviewed_again = 0;
  while (reviewed_again == 0 && std::chrono::steady_clock::now() < again_deadline) {
    check << "SELECT COUNT(*) FROM servers_monitor_review WHERE last_review IS NOT NULL", soci::into(reviewed_again);
    if (reviewed_again == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(reviewed_again, 1) << "the server loop did not review the server that became due again";
  EXPECT_EQ(server_statuses(check, s.server.id), s.final_server_status) << "the second pass changes nothing";

  const auto stop_requested = std::chrono::steady_clock::now();
  shutdown.request_stop("test");
  ASSERT_EQ(running.wait_for(std::chrono::seconds(5)), std::future_status::ready) << "did not stop within 5 s";
  EXPECT_EQ(running.get(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - stop_requested, std::chrono::seconds(2));
}

}  // namespace
