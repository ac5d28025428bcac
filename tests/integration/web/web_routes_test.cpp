// monitor-web's paths beyond the §7 vectors: redirects of the web paths (§1.4, §1.6, §6.2),
// bad input (documented 4xx, never a crash), HEAD/POST, the E7 errors, the status pages and
// the query plans of the history queries.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <regex>
#include <set>

#include "sql/query_catalog.h"
#include "web_test_server.h"

namespace ntpmon::web::test {
namespace {

class WebRoutes : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = std::make_unique<WebTestServer>("web_routes"); }
  static void TearDownTestSuite() { server_.reset(); }
  static std::unique_ptr<WebTestServer> server_;
};
std::unique_ptr<WebTestServer> WebRoutes::server_;

struct Expect {
  const char* target;
  int status;
  const char* location;  // nullptr: no Location expected
};

TEST_F(WebRoutes, RedirectsOfTheWebPaths) {
  const Expect cases[] = {
      {"/scores/1001", 301, "/scores/192.0.2.10"},
      {"/scores/ntp1.example.net", 301, "/scores/192.0.2.10"},
      {"/scores/1001/log?limit=1", 301, "/scores/192.0.2.10/log?limit=1"},  // D4: the mode is kept
      {"/scores/1001/json", 301, "/scores/192.0.2.10/json"},
      {"/scores/ntp1.example.net/monitors", 301, "/scores/192.0.2.10/monitors"},
      {"/scores/192.0.2.10/other", 302, "/scores/192.0.2.10"},
      {"/scores/192.0.2.10/other?log=1&limit=3", 301, "/api/data/server/scores/192.0.2.10/log?log=1&limit=3"},
      {"/scores/192.0.2.10/graph/offset.png", 302, "/graph/192.0.2.10/offset.svg"},
      {"/scores/192.0.2.10/graph/score.png", 302, "/graph/192.0.2.10/offset.svg"},
      {"/scores/graph/1001-offset.png", 301, "/graph/192.0.2.10/offset.png"},
      {"/scores/?ip=192.0.2.10", 302, "/scores/192.0.2.10"},
      {"/scores?server_ip=ntp1.example.net", 302, "/scores/192.0.2.10"},
      {"/scores", 302, "/scores/"},
      {"/s", 302, "/scores/"},
      {"/s/", 302, "/scores/"},
      {"/s/1001", 301, "/scores/192.0.2.10"},
      {"/scores/192.0.2.10).", 301, "/scores/192.0.2.10"},
      {"/scores/192.0.2.10/log}?limit=1", 301, "/scores/192.0.2.10/log?limit=1"},
      {"/graph/1001/offset.svg", 308, "/graph/192.0.2.10/offset.svg"},
      {"/graph/192.0.2.10/offset.svg?x=1", 308, "/graph/192.0.2.10/offset.svg"},
      {"/graph/192.0.2.10/offset.png", 302, "/graph/192.0.2.10/offset.svg"},
      {"/selector/1001", 301, "/selector/192.0.2.10"},
  };
  for (const Expect& e : cases) {
    Fetched f = server_->fetch(e.target);
    EXPECT_EQ(f.status, e.status) << e.target;
    EXPECT_EQ(f.header("Location"), e.location) << e.target;
  }
  EXPECT_EQ(server_->fetch("/s/1001").header("Cache-Control"), "max-age=14400, s-maxage=7200");
}

TEST_F(WebRoutes, NotFoundAndBadInputGetTheDocumented4xx) {
  std::string long_path = "/scores/" + std::string(2000, 'a') + "/log";
  struct Bad {
    std::string target;
    int status;
    std::string body_contains;
  };
  const Bad cases[] = {
      {long_path, 414, "request path too long"},
      {"/scores/192.0.2.10%ZZ/log", 400, "bad request path"},
      {"/scores/192.0.2.10%00/log", 400, "bad request path"},
      {"/scores/192.0.2.10%0A/log", 400, "bad request path"},
      {"/scores/%2F%2F/log", 404, "server not found"},
      {"/scores/203.0.113.99/log", 404, "{\"message\":\"server not found\"}"},
      {"/scores/203.0.113.99", 404, "No server with that address"},
      {"/scores/192.0.2.99", 200, "Stats for 192.0.2.99"},  // deleted 2 months ago: the page stays
      {"/api/data/server/scores/0/log", 404, "server not found"},
      {"/api/data/server/scores/-5/log", 404, "server not found"},
      {"/api/data/server/scores/99999999999999999999/log", 404, "server not found"},
      {"/api/data/server/scores/192.0.2.10/monitor", 404, "not implemented"},
      {"/api/data/server/scores/192.0.2.10/log?monitor=a_b", 404, "monitor not found"},
      {"/api/data/server/scores/192.0.2.10/log?monitor=%25", 404, "monitor not found"},
      {"/api/data/server/scores/192.0.2.10/log?monitor=nosuchmonitor", 404, "monitor not found"},
      {"/api/data/server/scores/192.0.2.10/log?monitor=99999", 200, "ts_epoch,"},  // unknown id: no rows
      {"/api/data/server/scores/192.0.2.10/log?limit=99999999999999999999999", 200, "19.13"},
      {"/api/data/server/scores/192.0.2.10/log?since=-1&limit=%zz", 200, "19.13"},
      {"/api/data/zone/counts/de", 404, "404 page not found"},
      {"/api/data/server/dns/answers/192.0.2.10", 404, "404 page not found"},
      {"/api/data/v2/server/scores/192.0.2.10/log?from=1&to=2", 404, "invalid mode - only json supported"},
      {"/api/data/v2/server/scores/192.0.2.10/json?to=2", 400, "from parameter is required"},
      {"/api/data/v2/server/scores/192.0.2.10/json?from=1", 400, "to parameter is required"},
      {"/api/data/v2/server/scores/192.0.2.10/json?from=x&to=2", 400, "invalid from timestamp format"},
      {"/api/data/v2/server/scores/192.0.2.10/json?from=1&to=x", 400, "invalid to timestamp format"},
      {"/api/data/v2/server/scores/192.0.2.10/json?from=5&to=5", 400, "from must be before to"},
      {"/api/data/v2/server/scores/192.0.2.10/json?from=1&to=9000000", 400, "time range cannot exceed 90 days"},
      {"/api/data/v2/server/scores/192.0.2.10/json?from=1&to=2&maxDataPoints=q", 400, "invalid maxDataPoints format"},
      {"/api/data/v2/server/scores/192.0.2.10/json?from=1&to=2&maxDataPoints=50001", 400,
       "maxDataPoints cannot exceed 50000"},
      {"/api/data/v2/server/scores/192.0.2.10/json?from=1&to=2", 200, "null"},
      {"/scores/192.0.2.10/rrd", 404, "No such page"},
      {"/scores/192.0.2.10/graph/other.png", 404, "No such graph"},
      {"/graph/192.0.2.10/score.svg", 404, "invalid image name"},
      {"/graph/203.0.113.99/offset.svg", 404, "not found"},
      {"/graph/192.0.2.99/offset.svg", 404, "not found"},  // deleted more than 7 days ago
      {"/nothing/here", 404, "404 page not found"},
      {"/selector/203.0.113.99", 404, "No server"},
      {"/?after=abc", 400, "after: not a server id"},
  };
  for (const Bad& b : cases) {
    Fetched f = server_->fetch(b.target);
    EXPECT_EQ(f.status, b.status) << b.target;
    EXPECT_NE(f.body.find(b.body_contains), std::string::npos) << b.target << " -> " << f.body.substr(0, 200);
    if (f.status >= 400) {
      EXPECT_EQ(f.header("Cache-Control"), "public,max-age=240") << b.target;
    }
  }
  // The service is still answering.
  EXPECT_EQ(server_->fetch("/scores/192.0.2.10/log?limit=1").status, 200);
}

TEST_F(WebRoutes, HeadPostAndOtherMethods) {
  Fetched get = server_->fetch("/scores/192.0.2.10/log?limit=1");
  Fetched head = server_->fetch("/scores/192.0.2.10/log?limit=1", "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(head.header("Content-Length"), std::to_string(get.body.size()));
  EXPECT_EQ(head.header("Cache-Control"), get.header("Cache-Control"));

  Fetched post = server_->fetch("/api/data/server/scores/192.0.2.10/log?limit=5", "POST");
  EXPECT_EQ(post.status, 303);
  EXPECT_EQ(post.header("Location"), "/scores/192.0.2.10/log?limit=5");

  Fetched del = server_->fetch("/scores/192.0.2.10/log", "DELETE");
  EXPECT_EQ(del.status, 405);
  EXPECT_EQ(del.header("Allow"), "GET, HEAD");
  EXPECT_EQ(server_->fetch("/scores/192.0.2.10", "POST").status, 405);
}

TEST_F(WebRoutes, FullHistoryOnlyForLoopbackClients) {
  // The test client is on loopback: every row, oldest first, no limit, since ignored.
  Fetched f = server_->fetch("/scores/192.0.2.10/log?monitor=*&full_history=1&limit=1&since=1748778000");
  ASSERT_EQ(f.status, 200);
  auto first_row = f.body.substr(f.body.find('\n') + 1, 10);
  EXPECT_EQ(first_row, "1748340000");  // row 1006, older than four days
  EXPECT_EQ(std::count(f.body.begin(), f.body.end(), '\n'), 7);  // header + 6 rows
  Fetched off = server_->fetch("/scores/192.0.2.10/log?monitor=*&full_history=no&limit=1");
  EXPECT_EQ(std::count(off.body.begin(), off.body.end(), '\n'), 2);
}

TEST_F(WebRoutes, PagesAndGraph) {
  Fetched page = server_->fetch("/scores/192.0.2.10");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(page.header("Cache-Control"), "s-maxage=600,max-age=300");
  EXPECT_NE(page.body.find("Account: <a href=\"/a/acc7tok\">Example Operator</a> (#acc7tok)"), std::string::npos);
  EXPECT_NE(page.body.find("Zones: <a href=\"/zone/de\">de</a>"), std::string::npos);
  EXPECT_NE(page.body.find("<b>overall</b>"), std::string::npos);

  Fetched graph_only = server_->fetch("/scores/192.0.2.10?graph_only=1");
  EXPECT_NE(graph_only.body.find("viewBox=\"0 0 515 204\""), std::string::npos);

  Fetched svg = server_->fetch("/graph/192.0.2.10/offset.svg");
  EXPECT_EQ(svg.status, 200);
  EXPECT_EQ(svg.header("Content-Type"), "image/svg+xml");
  EXPECT_EQ(svg.header("Cache-Control"), "public,max-age=1800,s-maxage=1350");
  std::regex score_point("r=\"1\\.5\"");
  auto n = std::distance(std::sregex_iterator(svg.body.begin(), svg.body.end(), score_point), std::sregex_iterator());
  EXPECT_EQ(n, 5);  // json?monitor=*&limit=6500 has five rows

  Fetched search = server_->fetch("/scores/");
  EXPECT_NE(search.body.find("Search for the server by IP address"), std::string::npos);

  Fetched overview = server_->fetch("/");
  EXPECT_EQ(overview.status, 200);
  EXPECT_NE(overview.body.find("<a href=\"/scores/192.0.2.10\">192.0.2.10</a>"), std::string::npos);
  // 1001: monitors 21 active and 23 testing (scorers are not counted).
  EXPECT_NE(overview.body.find("score-ok\">19.1</td><td>in pool</td><td class=\"num\">1</td><td class=\"num\">1</td>"),
            std::string::npos)
      << overview.body;

  Fetched monitors = server_->fetch("/monitors");
  EXPECT_EQ(monitors.status, 200);
  EXPECT_NE(monitors.body.find("<td>defra1-1gw2pjj</td>"), std::string::npos);
  EXPECT_NE(monitors.body.find("<td>sgsin (24)</td>"), std::string::npos);
  EXPECT_EQ(monitors.body.find("recentmedian"), std::string::npos);  // scorers are not monitors

  Fetched selector = server_->fetch("/selector/192.0.2.10");
  EXPECT_EQ(selector.status, 200);
  EXPECT_NE(selector.body.find("uspao1-21wase0"), std::string::npos);
  EXPECT_NE(selector.body.find("<td class=\"note\">none recorded</td>"), std::string::npos);
  // Decisions from the selector's audit record appear under their monitor.
  server_->database().run_script(
      "INSERT INTO selector_log (server_id, monitor_id, kind, rule, action, from_status, to_status, reason, created_on) "
      "VALUES (1001, 23, 'status_change', 'promote-candidate', 'testing', 'candidate', 'testing', "
      "'needs more testing monitors', '2025-06-01 11:50:00.250000');\n");
  selector = server_->fetch("/selector/192.0.2.10");
  EXPECT_NE(selector.body.find("2025-06-01 11:50:00 <b>promote-candidate</b> testing (candidate &rarr; testing): "
                               "needs more testing monitors"),
            std::string::npos)
      << selector.body;
}

// Arbitrary bytes in paths and queries: every answer is one of the documented statuses,
// never a 5xx and never a crash.
TEST_F(WebRoutes, GarbageRequestsGetDocumentedAnswers) {
  const std::vector<std::string> pieces = {
      "/", "scores", "api", "data", "server", "s", "graph", "selector", "monitors", "v2", "log", "json", "monitor",
      "offset.svg", "offset.png", "192.0.2.10", "1001", "2001:db8::123", "ntp1.example.net", "%", "%2", "%2F",
      "%00", "%ZZ", "%3A", "..", ".", ")", "::", "?", "&", "=", "limit=", "since=", "monitor=", "full_history=1",
      "from=", "to=", "-1", "99999999999999999999", "*", "\xff\xfe", "\xc3\xa9", " ", "+", "#", "'", "\"", "<",
      "a_b", "\t", "graph_only=1", "ip=", "log=1"};
  std::uint64_t state = 42;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>(state >> 33);
  };
  const std::set<int> documented = {200, 301, 302, 303, 308, 400, 404, 405, 414};
  for (int i = 0; i < 3000; ++i) {
    std::string path, query;
    std::size_t n = 1 + next() % 7;
    for (std::size_t k = 0; k < n; ++k) path += pieces[next() % pieces.size()];
    std::size_t m = next() % 4;
    for (std::size_t k = 0; k < m; ++k) query += pieces[next() % pieces.size()];
    if (path[0] != '/') path.insert(path.begin(), '/');
    for (const char* method : {"GET", "HEAD", "POST", "PUT"}) {
      WebRequest request{method, path, query, i % 2 ? "127.0.0.1" : "192.0.2.77"};
      WebResponse r = server_->handle(request);
      EXPECT_TRUE(documented.count(r.status)) << method << " " << path << "?" << query << " -> " << r.status << " "
                                              << r.body.substr(0, 200);
    }
  }
  // A path without a leading slash and an overlong one.
  EXPECT_EQ(server_->handle({"GET", "scores", "", "127.0.0.1"}).status, 400);
  std::string overlong(5001, 'x');
  overlong[0] = '/';
  EXPECT_EQ(server_->handle({"GET", overlong, "", "127.0.0.1"}).status, 414);
}

// Connections are not pinged when leased: one the server closed meanwhile (restart,
// wait_timeout) fails its first query and the request is answered on a fresh connection.
TEST_F(WebRoutes, ConnectionsClosedByTheServerAreReplaced) {
  ASSERT_EQ(server_->fetch("/scores/192.0.2.10/log?limit=1").status, 200);  // the pool has connections
  auto& s = server_->database().session();
  soci::rowset<soci::row> ids = (s.prepare << "SELECT CAST(id AS CHAR) FROM information_schema.processlist "
                                              "WHERE db = :db AND id <> CONNECTION_ID()",
                                 soci::use(server_->database().name()));
  std::vector<long long> to_kill;
  for (const soci::row& r : ids) to_kill.push_back(std::stoll(r.get<std::string>(0)));
  ASSERT_FALSE(to_kill.empty());
  for (long long id : to_kill) s << "KILL CONNECTION " + std::to_string(id);
  for (int i = 0; i < 6; ++i) {
    Fetched f = server_->fetch("/scores/192.0.2.10/log?limit=1");
    EXPECT_EQ(f.status, 200) << f.body;
  }
}

// The SQL of a generated query with its '?' placeholders replaced by literals, in order.
std::string with_values(std::string_view name, const std::vector<std::string>& values) {
  for (const auto& q : ntpmon::sql::query_catalog()) {
    if (q.name != name) continue;
    std::string out;
    std::size_t next = 0;
    for (char c : q.sql) {
      if (c == '?') {
        out += values.at(next++);
      } else {
        out.push_back(c);
      }
    }
    EXPECT_EQ(next, values.size()) << name;
    return out;
  }
  ADD_FAILURE() << "no query " << name;
  return {};
}

// The history queries of sql/queries/web.sql read log_scores through (server_id, ts) without a
// filesort, with and without a monitor; checked on enough rows that the optimizer has a choice.
TEST_F(WebRoutes, HistoryQueriesUseTheServerTsIndex) {
  server_->database().run_script(
      "INSERT INTO servers (id, ip, ip_version, created_on) "
      "SELECT 2000 + seq, CONCAT('10.9.', seq DIV 256, '.', seq MOD 256), 'v4', NOW() FROM seq_1_to_200;\n"
      "INSERT INTO log_scores (server_id, monitor_id, ts, score, step) "
      "SELECT 2001 + (seq MOD 200), IF(seq MOD 2 = 0, 1, 21), "
      "TIMESTAMP '2025-06-01 12:00:00' - INTERVAL (seq MOD 400000) SECOND, 20, 1 FROM seq_1_to_40000;\n"
      "ANALYZE TABLE log_scores;\n");
  struct Plan {
    const char* query;
    std::vector<std::string> values;  // in placeholder order
  };
  const std::string cutoff = "'2025-05-28 12:00:00'";
  const Plan plans[] = {
      {"ListRecentHistory", {"2005", cutoff, "NULL", "NULL", "100"}},
      {"ListRecentHistory", {"2005", cutoff, "1", "1", "100"}},
      {"ListHistorySince", {"2005", cutoff, "NULL", "NULL", "100"}},
      {"ListHistorySince", {"2005", cutoff, "21", "21", "4000"}},
      {"ListHistoryRange", {"2005", cutoff, "'2025-06-01 12:00:00'", "21", "21", "50000"}},
      {"ListFullHistory", {"2005", "NULL", "NULL"}},
      {"ListRecentHistoryNumbers", {"2005", cutoff, "1", "1", "10000"}},
      {"ListHistorySinceNumbers", {"2005", cutoff, "NULL", "NULL", "10000"}},
  };
  auto& s = server_->database().session();
  for (const Plan& p : plans) {
    std::string sql = "EXPLAIN " + with_values(p.query, p.values);
    soci::rowset<soci::row> rows = s.prepare << sql;
    auto first = rows.begin();
    ASSERT_NE(first, rows.end()) << sql;
    const soci::row& r = *first;
    EXPECT_EQ(r.get<std::string>("table"), "ls") << sql;
    EXPECT_EQ(r.get<std::string>("key"), "log_scores_server_ts_idx") << sql;
    std::string extra = r.get_indicator("Extra") == soci::i_ok ? r.get<std::string>("Extra") : "";
    EXPECT_EQ(extra.find("filesort"), std::string::npos) << sql << ": " << extra;
  }
}

}  // namespace
}  // namespace ntpmon::web::test
