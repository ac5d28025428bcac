// The JSON bodies of spec scores-api.md §7 (E2, E4, E7) rendered from the fixture rows.
#include <gtest/gtest.h>

#include "fixture_rows.h"
#include "json_history.h"
#include "spec_vectors.h"

namespace ntpmon::web {
namespace {

using test::rows;
using test::server_scores;

std::string history_json(std::string_view ip, const std::vector<HistoryEntry>& history, std::uint32_t server) {
  auto scores = server_scores(server);
  return render_history_json(ip, history, build_monitor_section(history, scores));
}

TEST(WebJsonHistory, SpecVectors) {
  struct Case {
    const char* name;
    std::string body;
    std::string_view expected;
  };
  const Case cases[] = {
      {"V1.2", history_json("192.0.2.10", rows({1005, 1004, 1003, 1002, 1001}), 1001), test::kV1_2},
      {"V1.3", history_json("192.0.2.10", rows({1004}), 1001), test::kV1_3},
      {"V2.2", history_json("2001:db8::123", rows({2003, 2002, 2001}), 1002), test::kV2_2},
      {"V2.3", history_json("2001:db8::123", rows({2002, 2001}), 1002), test::kV2_3},
      {"V3.2", history_json("198.51.100.7", {}, 1003), test::kV3_2},
      {"V3.4", history_json("198.51.100.7", rows({3001, 3002, 3003}), 1003), test::kV3_4},
  };
  for (const Case& c : cases) EXPECT_EQ(c.body, c.expected) << c.name;
}

TEST(WebJsonHistory, ServerMonitorsVector) {
  EXPECT_EQ(render_server_monitors_json(server_scores(1001)), test::kV1_5);
  EXPECT_EQ(render_server_monitors_json({}), "{\"monitors\":[]}\n");
}

TEST(WebJsonHistory, GrafanaVector) {
  EXPECT_EQ(render_grafana_json(rows({1001, 1005}), server_scores(1001)), test::kV1_6);
  EXPECT_EQ(render_grafana_json({}, server_scores(1001)), "null\n");
}

TEST(WebJsonHistory, GrafanaSeriesByMonitorIdSkippingRowsWithoutMonitor) {
  std::string body = render_grafana_json(rows({3001, 3002, 3003, 1004}), server_scores(1003));
  // Monitor 1 first (no server_scores row for server 1003: "unknown"), then 21; row 3001 skipped.
  EXPECT_EQ(body.find("{\"target\":\"monitor{name=unknown}\""), 1u) << body;
  EXPECT_NE(body.find("\"monitor_id\":\"21\""), std::string::npos);
  EXPECT_NE(body.find("[1747728000000,4.5,null,null],[1747729800000,5.2,30,0.0125]"), std::string::npos) << body;
}

TEST(WebJsonHistory, MonitorSectionSkipsMonitorsWithoutServerScores) {
  // Monitor 24's row is in the history; a monitor without a server_scores row is absent.
  auto section = build_monitor_section(rows({1006, 3001}), server_scores(1001));
  ASSERT_EQ(section.size(), 1u);
  EXPECT_EQ(section[0].monitor.monitor_id, 24u);
  EXPECT_EQ(section[0].avg_rtt, 150.0);
  EXPECT_TRUE(build_monitor_section(rows({3001}), server_scores(1001)).empty());
}

TEST(WebJsonHistory, NullScoreTimeIsTheZeroTime) {
  MonitorScore m{7, "x", "monitor", std::nullopt, 1, "candidate"};
  HistoryEntry e = test::ls(1002);
  e.monitor_id = 7;
  std::vector<MonitorScore> scores{m};
  std::string body = render_history_json("192.0.2.10", std::vector{e}, build_monitor_section(std::vector{e}, scores));
  EXPECT_NE(body.find("\"ts\":\"0001-01-01T00:00:00Z\""), std::string::npos) << body;
}

}  // namespace
}  // namespace ntpmon::web
