// The HTML pages: the score page (spec scores-api.md §4.1, C10's scrape), the legend (§4.5),
// the overview, monitors and selector pages.
#include <gtest/gtest.h>

#include <regex>

#include "fixture_rows.h"
#include "graph_legend.h"
#include "page_monitors.h"
#include "page_overview.h"
#include "page_score.h"
#include "page_selector.h"

namespace ntpmon::web {
namespace {

const std::chrono::sys_seconds kNow{std::chrono::seconds{1748779200}};

ServerInfo server_1001() {
  ServerInfo s;
  s.id = 1001;
  s.ip = "192.0.2.10";
  s.ip_version = "v4";
  s.hostname = "ntp1.example.net";
  s.in_pool = true;
  s.netspeed = 1000;
  s.score_raw = 19.13;
  return s;
}

ScorePageData page_1001() {
  ScorePageData d;
  d.server = server_1001();
  d.history = test::rows({1005, 1004, 1003, 1002, 1001});
  auto scores = test::server_scores(1001);
  d.monitors = build_monitor_section(d.history, scores);
  d.zones = {"de", "europe"};
  d.now = kNow;
  return d;
}

// C10 (rmcintosh/ntp_pool_score): the first <p> whose text matches "Current score:(.+?) ".
std::optional<double> scrape_current_score(const std::string& html) {
  std::regex paragraph("<p[^>]*>([\\s\\S]*?)</p>");
  std::regex score("Current score:(.+?) ");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), paragraph); it != std::sregex_iterator(); ++it) {
    std::string text = std::regex_replace((*it)[1].str(), std::regex("<[^>]*>"), "");
    std::smatch m;
    if (std::regex_search(text, m, score)) return std::stod(m[1].str());
  }
  return std::nullopt;
}

TEST(WebPages, ScorePageHasTheSpecifiedItems) {
  std::string html = render_score_page(page_1001());
  EXPECT_NE(html.find("<title>Stats for 192.0.2.10</title>"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"/\">Back to the front page</a>"), std::string::npos);
  EXPECT_NE(html.find("<h1>192.0.2.10 / ntp1.example.net</h1>"), std::string::npos);
  EXPECT_EQ(html.find("monitoring only"), std::string::npos);
  EXPECT_NE(html.find("<p class=\"current-score\">Current score: 19.1 (only servers with a score higher than 10 "
                      "are used in the pool)</p>"),
            std::string::npos);
  EXPECT_NE(html.find("<h3>History</h3>"), std::string::npos);
  EXPECT_NE(html.find("<svg "), std::string::npos);
  EXPECT_NE(html.find("Zones: <a href=\"/zone/de\">de</a> <a href=\"/zone/europe\">europe</a>"), std::string::npos);
  EXPECT_NE(html.find("# 1001, <a href=\"/scores/192.0.2.10/log?limit=200&amp;monitor=*\">CSV log</a>"),
            std::string::npos);
  EXPECT_NE(html.find("What do the graphs mean?"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  // No external assets: nothing loaded from another origin, no stylesheet or image links.
  for (const char* external : {"src=\"http", "href=\"http", "href=\"//", "<link rel=\"stylesheet\"", "<img", "@import"}) {
    EXPECT_EQ(html.find(external), std::string::npos) << external;
  }
  EXPECT_EQ(html.find("id=\"graph_explanation\""), std::string::npos);
}

TEST(WebPages, CurrentScoreScrapedAsC10Does) {
  EXPECT_EQ(scrape_current_score(render_score_page(page_1001())), 19.1);
  ScorePageData d = page_1001();
  d.server.score_raw = -35.04;
  EXPECT_EQ(scrape_current_score(render_score_page(d)), -35.0);
}

TEST(WebPages, MonitoringOnlyAndDeletionNotes) {
  ScorePageData d = page_1001();
  d.server.in_pool = false;
  d.server.deletion_on = 1748736000 + 86400 * 10;  // 2025-06-11
  std::string html = render_score_page(d);
  EXPECT_NE(html.find("<p><i>Not active in the pool, monitoring only</i></p>"), std::string::npos);
  EXPECT_NE(html.find("This server is scheduled for deletion on June 11, 2025."), std::string::npos);
  d.server.deletion_on = 1748736000 - 86400 * 200;  // more than 6 months ago: no score or history
  html = render_score_page(d);
  EXPECT_NE(html.find("This server was scheduled for deletion on"), std::string::npos);
  EXPECT_EQ(html.find("Current score:"), std::string::npos);
  EXPECT_EQ(html.find("<svg"), std::string::npos);
  EXPECT_EQ(html.find("CSV log"), std::string::npos);
}

TEST(WebPages, ExplanationOnRequestAndGraphOnly) {
  ScorePageData d = page_1001();
  d.show_explanation = true;
  EXPECT_NE(render_score_page(d).find("id=\"graph_explanation\""), std::string::npos);
  std::string graph_only = render_graph_only_page(d);
  EXPECT_NE(graph_only.find("viewBox=\"0 0 515 204\""), std::string::npos);
  EXPECT_EQ(graph_only.find("Current score"), std::string::npos);
}

TEST(WebPages, PageTextIsEscaped) {
  ScorePageData d = page_1001();
  d.server.hostname = "<script>alert(1)</script>";
  std::string html = render_score_page(d);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
}

TEST(WebLegend, OrderAndNames) {
  auto history = test::rows({1005, 1004, 1003, 1002, 1001, 1006});
  auto scores = test::server_scores(1001);
  auto section = build_monitor_section(history, scores);
  auto sorted = sort_for_legend(section);
  std::vector<std::uint32_t> ids;
  for (const auto& m : sorted) ids.push_back(m.monitor.monitor_id);
  // active: scorer 1 first, then monitor 21; testing 23; candidate 24.
  EXPECT_EQ(ids, (std::vector<std::uint32_t>{1, 21, 23, 24}));
  EXPECT_EQ(legend_name(scores[0]), "overall");
  EXPECT_EQ(legend_name(scores[1]), "legacy");
  EXPECT_EQ(legend_name({9, "other", "score", {}, 0, "active"}), "other score");
  EXPECT_EQ(legend_name(scores[2]), "defra1-1gw2pjj");
  std::string html = render_graph_legend(section);
  EXPECT_NE(html.find("<th colspan=\"3\">Active</th><th colspan=\"3\">Testing</th>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"name\"><b>overall</b></td><td class=\"num\">19.1</td><td class=\"num\"></td>"
                      "<td class=\"name\">uspao1-21wase0</td><td class=\"num\">14.3</td>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<td class=\"name\">defra1-1gw2pjj</td><td class=\"num\">20</td><td class=\"num\">20.7ms</td>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<th colspan=\"6\">Candidate</th>"), std::string::npos);
  EXPECT_NE(html.find("title=\"RTT 150.0ms\">sgsin (24)</td><td class=\"num\">17</td>"), std::string::npos) << html;
}

TEST(WebLegend, TiesBrokenByRttThenName) {
  std::vector<MonitorSectionEntry> m = {
      {{30, "zz", "monitor", {}, 20, "active"}, std::nullopt},
      {{31, "bb", "monitor", {}, 20, "active"}, 30.0},
      {{32, "aa", "monitor", {}, 20, "active"}, 30.0},
      {{33, "cc", "monitor", {}, 20, "active"}, 10.0},
      {{34, "dd", "monitor", {}, 20, "weird"}, 10.0},
  };
  std::vector<std::uint32_t> ids;
  for (const auto& e : sort_for_legend(m)) ids.push_back(e.monitor.monitor_id);
  EXPECT_EQ(ids, (std::vector<std::uint32_t>{33, 32, 31, 30, 34}));
}

TEST(WebPages, OverviewListsServersWithScoresAndCounts) {
  OverviewPageData d;
  d.now = kNow;
  d.servers.push_back({server_1001(), 2, 1});
  ServerInfo deleted = server_1001();
  deleted.id = 1004;
  deleted.ip = "192.0.2.99";
  deleted.hostname.reset();
  deleted.score_raw = 0;
  deleted.deletion_on = 1743465600;
  d.servers.push_back({deleted, 0, 0});
  std::string html = render_overview_page(d);
  EXPECT_NE(html.find("<meta http-equiv=\"refresh\" content=\"60\">"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"/scores/192.0.2.10\">192.0.2.10</a>"), std::string::npos);
  EXPECT_NE(html.find("score-ok\">19.1</td><td>in pool</td><td class=\"num\">2</td><td class=\"num\">1</td>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("score-low\">0.0</td><td>deleted</td>"), std::string::npos);
  EXPECT_EQ(html.find("Next page"), std::string::npos);
}

TEST(WebPages, MonitorsGroupedByAgentWithFamilies) {
  std::vector<MonitorRow> rows = {
      {21, "defra1-1gw2pjj.test.mon.ntppool.dev", "defra", "v4", "active", 1748779100, 1748779000, "4.0.3", "Ask"},
      {22, "defra1-1gw2pjj.test.mon.ntppool.dev", "defra", "v6", "testing", 1748779150, std::nullopt, "4.0.4", "Ask"},
      {24, std::nullopt, "sgsin", "v4", "paused", std::nullopt, std::nullopt, "", std::nullopt},
  };
  auto agents = group_monitor_rows(rows);
  ASSERT_EQ(agents.size(), 2u);
  EXPECT_EQ(agents[0].name, "defra1-1gw2pjj");
  EXPECT_EQ(agents[0].families.size(), 2u);
  EXPECT_EQ(agents[1].name, "sgsin (24)");
  std::string html = render_monitors_page({agents, kNow});
  EXPECT_NE(html.find("<td>defra1-1gw2pjj</td><td>Ask</td><td class=\"status-active\">active <span class=\"note\">#21"
                      "</span></td><td class=\"status-testing\">testing"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("2025-06-01 11:59:10 (50s ago)"), std::string::npos);  // newest last_seen of the agent
  EXPECT_NE(html.find("<td>4.0.4</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>sgsin (24)</td><td></td><td class=\"status-paused\">"), std::string::npos);
}

TEST(WebPages, SelectorPageShowsStatusesAndLastDecisions) {
  SelectorPageData d;
  d.server = server_1001();
  d.now = kNow;
  SelectorMonitorRow m;
  m.monitor_id = 23;
  m.name = "uspao1-21wase0";
  m.type = "monitor";
  m.monitor_status = "active";
  m.ip_version = "v4";
  m.status = "testing";
  m.score_raw = 14.25;
  d.monitors.push_back(m);
  m.monitor_id = 21;
  m.name = "defra1-1gw2pjj";
  m.status = "active";
  d.monitors.push_back(m);

  std::vector<std::pair<std::uint32_t, SelectorDecision>> decisions;
  for (int i = 0; i < 7; ++i) {
    decisions.push_back({23, {1748779000 - i * 60, "tracking", "constraint", "record-violation", std::nullopt,
                              std::nullopt, "limit", "account limit " + std::to_string(i)}});
  }
  decisions.push_back({23, {1748770000, "status_change", "promote-candidate", "candidate->testing", "candidate",
                            "testing", std::nullopt, "needs testing monitors"}});
  decisions.push_back({99, {1748770000, "status_change", "x", "y", "a", "b", std::nullopt, "not on this page"}});
  attach_decisions(d.monitors, decisions);
  ASSERT_EQ(d.monitors[0].decisions.size(), kDecisionsPerMonitor);  // the newest five
  EXPECT_EQ(d.monitors[0].decisions[0].reason, "account limit 0");
  EXPECT_TRUE(d.monitors[1].decisions.empty());

  std::string html = render_selector_page(d);
  EXPECT_EQ(html.find("No selector decisions are recorded"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"status-testing\">testing</td><td>active</td><td class=\"num\">14.2</td>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<li class=\"tracking\">2025-06-01 11:56:40 <b>constraint</b> record-violation [limit]: "
                      "account limit 0</li>"),
            std::string::npos)
      << html;
  EXPECT_EQ(html.find("account limit 5"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"note\">none recorded</td>"), std::string::npos);

  d.monitors[0].decisions = {{1748770000, "status_change", "promote-candidate", "candidate->testing", "candidate",
                              "testing", std::nullopt, "needs testing monitors"}};
  EXPECT_NE(render_selector_page(d).find("<b>promote-candidate</b> candidate-&gt;testing (candidate &rarr; testing): "
                                         "needs testing monitors"),
            std::string::npos);

  d.audit_available = false;
  EXPECT_NE(render_selector_page(d).find("No selector decisions are recorded"), std::string::npos);
}

}  // namespace
}  // namespace ntpmon::web
