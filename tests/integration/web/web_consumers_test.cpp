// The third-party consumers of spec scores-api.md §5: each test fetches what the consumer
// fetches (its path and query, on this service's host) and parses the answer the way §5
// says the consumer does.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <map>
#include <numeric>
#include <regex>
#include <sstream>

#include "web_test_server.h"

namespace ntpmon::web::test {
namespace {

using nlohmann::json;

class WebConsumers : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = std::make_unique<WebTestServer>("web_consumers"); }
  static void TearDownTestSuite() { server_.reset(); }
  static std::unique_ptr<WebTestServer> server_;
};
std::unique_ptr<WebTestServer> WebConsumers::server_;

std::vector<std::string> lines(const std::string& body) {
  std::vector<std::string> out;
  std::istringstream in(body);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// A CSV record split on commas, with RFC 4180 quotes (as Python's csv module reads it).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else {
      out.back().push_back(c);
    }
  }
  return out;
}

// csv.DictReader / pandas.read_csv with the header line.
std::vector<std::map<std::string, std::string>> dict_rows(const std::string& body) {
  auto all = lines(body);
  std::vector<std::map<std::string, std::string>> out;
  if (all.empty()) return out;
  auto names = csv_fields(all[0]);
  for (std::size_t i = 1; i < all.size(); ++i) {
    auto fields = csv_fields(all[i]);
    std::map<std::string, std::string> row;
    for (std::size_t k = 0; k < names.size() && k < fields.size(); ++k) row[names[k]] = fields[k];
    out.push_back(std::move(row));
  }
  return out;
}

// C1 munin ntp_pool_score_: wget .../scores/$target/log?limit=1 | tail -n 1 | awk -F, '{print $5}',
// accepted when it matches ^-?[0-9.]+$, else U.
TEST_F(WebConsumers, C1MuninReadsTheFifthFieldOfTheLastLine) {
  Fetched f = server_->fetch_following("/scores/192.0.2.10/log?limit=1");
  ASSERT_EQ(f.status, 200);
  ASSERT_FALSE(f.body.empty());
  EXPECT_EQ(f.body.back(), '\n');
  std::string last = lines(f.body).back();
  std::vector<std::string> fields;
  std::stringstream ss(last);
  for (std::string field; std::getline(ss, field, ',');) fields.push_back(field);
  ASSERT_GE(fields.size(), 5u);
  std::string value = std::regex_match(fields[4], std::regex("^-?[0-9.]+$")) ? fields[4] : "U";
  EXPECT_EQ(value, "19.13");  // the overall (recentmedian) score
}

// C2 ScrapeNTPMon: read_csv with the header, rows reversed ("newest record last"),
// de-duplicated on ts_epoch.
TEST_F(WebConsumers, C2ScrapeNtpMonReversesNewestFirstRows) {
  Fetched f = server_->fetch_following("/scores/192.0.2.10/log?limit=80");
  auto rows = dict_rows(f.body);
  ASSERT_EQ(rows.size(), 2u);  // the recentmedian rows of the last four days
  std::reverse(rows.begin(), rows.end());
  std::map<std::string, std::map<std::string, std::string>> by_ts;
  for (auto& row : rows) by_ts[row["ts_epoch"]] = row;
  EXPECT_EQ(by_ts.size(), 2u);
  EXPECT_EQ(rows.back()["ts_epoch"], "1748778330");  // the newest record last
  EXPECT_EQ(rows.back()["score"], "19.13");
  EXPECT_LT(std::stoll(rows.front()["ts_epoch"]), std::stoll(rows.back()["ts_epoch"]));
}

// C3 ntpd-exporter: csv.reader, the row after the header unpacked into exactly nine values.
// Since the 10-column layout (July 2025) this unpack fails; §6.4 keeps the 10 columns
// because C7-C9 need them. The columns C3 exports (offset 3rd, score 5th) are unchanged.
TEST_F(WebConsumers, C3NtpdExporterNineValueUnpackIsTheDocumentedIncompatibility) {
  Fetched f = server_->fetch_following("/scores/ntp1.example.net/log?limit=1&monitor=*");
  ASSERT_EQ(f.status, 200);
  EXPECT_EQ(f.url, "/scores/192.0.2.10/log?limit=1&monitor=*");  // the hostname, redirected
  auto all = lines(f.body);
  ASSERT_EQ(all.size(), 2u);
  auto row = csv_fields(all[1]);
  EXPECT_EQ(row.size(), 10u);  // != 9: "too many values to unpack", as with the original since July 2025
  EXPECT_EQ(row[4], "19.96");       // ntp_ntp_pool_quality_score
  EXPECT_EQ(row[2], "-0.0000007");  // ntp_ntp_pool_offset
  EXPECT_EQ(row[5], "21");
  EXPECT_EQ(row[6], "defra1-1gw2pjj");
}

// C4 check_score.pl (three revisions).
TEST_F(WebConsumers, C4IcingaCheckScore) {
  // (a) history[0].score
  json a = json::parse(server_->fetch_following("/scores/192.0.2.10/json?limit=1").body);
  EXPECT_EQ(a["history"][0]["score"].get<double>(), 19.13);
  // (b) the monitors[] element named like the option (default recentmedian); perfdata history[0].score
  json b = json::parse(server_->fetch_following("/scores/192.0.2.10/json?limit=200&monitor=*").body);
  ASSERT_TRUE(b["monitors"].is_array());
  double named = -1000;
  for (const auto& m : b["monitors"]) {
    if (m["name"] == "recentmedian") named = m["score"].get<double>();
  }
  EXPECT_EQ(named, 19.1);
  EXPECT_EQ(b["history"][0]["score"].get<double>(), 19.96);  // the newest row first
  // (c) the mean of monitors[].score over the active ones: recentmedian 19.1 and defra1 20.
  double sum = 0;
  int n = 0;
  for (const auto& m : b["monitors"]) {
    if (m["status"] == "active") sum += m["score"].get<double>(), ++n;
  }
  ASSERT_EQ(n, 2);
  EXPECT_DOUBLE_EQ(sum / n, 19.55);
}

// C5 nagios-ntp-pool check_score.pl: history[0].score against warning 12 / critical 10; the
// other revision reports every monitors[].name/score as perfdata.
TEST_F(WebConsumers, C5NagiosCheckScore) {
  json j = json::parse(server_->fetch_following("/scores/192.0.2.10/json?limit=1").body);
  double score = j["history"][0]["score"].get<double>();
  std::string state = score < 10 ? "CRITICAL" : score < 12 ? "WARNING" : "OK";
  EXPECT_EQ(state, "OK");
  EXPECT_EQ(score, 19.13);
  json all = json::parse(server_->fetch_following("/scores/192.0.2.10/json?monitor=*&limit=1").body);
  std::string perfdata;
  for (const auto& m : all["monitors"]) perfdata += m["name"].get<std::string>() + "=" + m["score"].dump() + " ";
  EXPECT_EQ(perfdata, "defra1-1gw2pjj=20 ");
  // A server scoring 5.2 is CRITICAL for the same check (server 1003 has no recent rows: the
  // check sees an empty history, which C4/C5 treat as "no data").
  json old = json::parse(server_->fetch_following("/scores/198.51.100.7/json?limit=1").body);
  EXPECT_TRUE(old["history"].empty());
}

// C6 ntp-server exporter: monitors[].id -> name; per history[].monitor_id the entry with the
// largest ts -> score, offset (s), rtt (ms); the overall score from the limit=1 response.
TEST_F(WebConsumers, C6NtpServerExporter) {
  json j = json::parse(server_->fetch_following("/scores/192.0.2.10/json?limit=10&monitor=*").body);
  std::map<int, std::string> names;
  for (const auto& m : j["monitors"]) names[m["id"].get<int>()] = m["name"].get<std::string>();
  std::map<int, json> newest;
  for (const auto& e : j["history"]) {
    int id = e.value("monitor_id", 0);
    if (!newest.count(id) || e["ts"].get<long long>() > newest[id]["ts"].get<long long>()) newest[id] = e;
  }
  ASSERT_TRUE(newest.count(21));
  EXPECT_EQ(names[21], "defra1-1gw2pjj");
  EXPECT_EQ(newest[21]["score"].get<double>(), 19.96);
  EXPECT_EQ(newest[21]["offset"].get<double>(), -7e-7);
  EXPECT_EQ(newest[21]["rtt"].get<double>(), 20.0);  // ms
  EXPECT_EQ(newest[1]["score"].get<double>(), 19.13);
  json overall = json::parse(server_->fetch_following("/scores/192.0.2.10/json?limit=1").body);
  EXPECT_EQ(overall["history"][0]["score"].get<double>(), 19.13);
}

// C7 ntp_dashboard_k8s: the URL built with quote(server) and urlencode({"limit": 400,
// "monitor": "*"}): the IPv6 path segment and '*' arrive percent-encoded. DictReader by header
// names; the first row per monitor_name is current; recentmedian is the pool score.
TEST_F(WebConsumers, C7DashboardExporterWithPercentEncodedRequest) {
  Fetched f = server_->fetch_following("/scores/2001%3Adb8%3A%3A123/log?limit=400&monitor=%2A");
  ASSERT_EQ(f.status, 200);
  std::map<std::string, std::map<std::string, std::string>> current;
  for (auto& row : dict_rows(f.body)) current.emplace(row["monitor_name"], row);  // first one wins
  EXPECT_EQ(current["recentmedian"]["score"], "19.9");
  EXPECT_EQ(current["defra1-1gw2pjj"]["score"], "10.9");
  EXPECT_EQ(current["defra1-1gw2pjj"]["rtt"], "45.678");
  EXPECT_EQ(current["defra1-1gw2pjj"]["offset"], "3.25");
  EXPECT_EQ(current["defra1-1gw2pjj"]["ts_epoch"], "1748772900");
  EXPECT_EQ(current["recentmedian"]["rtt"], "");  // empty string = missing
}

// C8 ntpstats: detects the format by the 10-column header; one series per monitor.
TEST_F(WebConsumers, C8NtpstatsSeriesPerMonitor) {
  Fetched f = server_->fetch_following("/scores/192.0.2.10/log?limit=2000&monitor=*");
  auto all = lines(f.body);
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all[0], "ts_epoch,ts,offset,step,score,monitor_id,monitor_name,rtt,leap,error");
  std::map<std::string, int> series;
  for (auto& row : dict_rows(f.body)) ++series[row["monitor_name"]];
  EXPECT_EQ(series, (std::map<std::string, int>{{"defra1-1gw2pjj", 2}, {"recentmedian", 2}, {"uspao1-21wase0", 1}}));
}

// C9 Telegraf csv input: one header row, "" skipped, types int,string,float,float,float,int,
// string,float for the first 8 columns.
TEST_F(WebConsumers, C9TelegrafColumnTypes) {
  Fetched f = server_->fetch_following("/scores/2001:db8::123/log?limit=200&monitor=*");
  auto all = lines(f.body);
  ASSERT_EQ(all.size(), 4u);
  const char* types[] = {"int", "string", "float", "float", "float", "int", "string", "float"};
  for (std::size_t i = 1; i < all.size(); ++i) {
    auto fields = csv_fields(all[i]);
    for (std::size_t k = 0; k < 8; ++k) {
      if (fields[k].empty()) continue;  // csv_skip_values = [""]
      std::string type = types[k];
      if (type == "int") {
        EXPECT_TRUE(std::regex_match(fields[k], std::regex("-?[0-9]+"))) << fields[k];
      } else if (type == "float") {
        std::size_t used = 0;
        std::stod(fields[k], &used);
        EXPECT_EQ(used, fields[k].size()) << fields[k];
      }
    }
  }
  EXPECT_EQ(csv_fields(all[2])[7], "45.678");  // rtt is the 8th column
}

// C10 ntp_pool_score: the first <p> whose text matches "Current score:(.+?) " -> float.
TEST_F(WebConsumers, C10ScrapesCurrentScoreFromThePage) {
  Fetched f = server_->fetch_following("/scores/192.0.2.10");
  ASSERT_EQ(f.status, 200);
  std::regex paragraph("<p[^>]*>([\\s\\S]*?)</p>");
  std::optional<double> score;
  for (auto it = std::sregex_iterator(f.body.begin(), f.body.end(), paragraph); it != std::sregex_iterator(); ++it) {
    std::string text = std::regex_replace((*it)[1].str(), std::regex("<[^>]*>"), "");
    std::smatch m;
    if (std::regex_search(text, m, std::regex("Current score:(.+?) "))) {
      score = std::stod(m[1].str());
      break;
    }
  }
  EXPECT_EQ(score, 19.1);
}

// C11 dellingr: the server by id with since-paging (ascending, next since = last ts) and
// /scores/<id>/monitors. An id is redirected to the canonical path with the mode kept (D4).
TEST_F(WebConsumers, C11DellingrPagesBySinceAndReadsMonitors) {
  std::vector<long long> seen;
  long long since = 1747699200;
  for (int page = 0; page < 5; ++page) {
    Fetched f = server_->fetch_following("/scores/1003/json?since=" + std::to_string(since) + "&limit=2&monitor=*");
    ASSERT_EQ(f.status, 200);
    json j = json::parse(f.body);
    if (j["history"].empty()) break;
    for (const auto& e : j["history"]) seen.push_back(e["ts"].get<long long>());
    since = j["history"].back()["ts"].get<long long>();
  }
  // Ascending; the second row with ts 1747728000 is not repeated by "ts > since" paging (as
  // with the original, rows sharing the boundary second can be skipped; here page 1 holds both).
  EXPECT_EQ(seen, (std::vector<long long>{1747728000, 1747728000, 1747729800}));
  Fetched m = server_->fetch_following("/scores/1001/monitors");
  EXPECT_EQ(m.url, "/scores/192.0.2.10/monitors");
  json monitors = json::parse(m.body)["monitors"];
  ASSERT_EQ(monitors.size(), 5u);
  EXPECT_EQ(monitors[2]["id"], 21);
  EXPECT_EQ(monitors[2]["name"], "defra1-1gw2pjj");
  EXPECT_EQ(monitors[2]["score"].get<double>(), 20.0);
}

// C12 the pool's own page: json?monitor=*&limit=6500&source=c, every history field and the
// monitors with avg_rtt, status, type, name, score; null monitors accepted.
TEST_F(WebConsumers, C12ThePagesOwnChartRequest) {
  json j = json::parse(server_->fetch_following("/scores/192.0.2.10/json?monitor=*&limit=6500&source=c").body);
  ASSERT_EQ(j["history"].size(), 5u);
  for (const auto& e : j["history"]) {
    EXPECT_TRUE(e.contains("ts") && e.contains("step") && e.contains("score") && e.contains("monitor_id"));
  }
  ASSERT_EQ(j["monitors"].size(), 3u);
  EXPECT_EQ(j["monitors"][1]["avg_rtt"].get<double>(), 20.6725);
  EXPECT_EQ(j["monitors"][1]["type"], "monitor");
  EXPECT_EQ(j["monitors"][0]["type"], "score");
  json empty = json::parse(server_->fetch_following("/scores/198.51.100.7/json?monitor=*&limit=6500&source=c").body);
  EXPECT_TRUE(empty["monitors"].is_null());
}

}  // namespace
}  // namespace ntpmon::web::test
