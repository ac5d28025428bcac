// Every test vector of spec scores-api.md §7, fetched over HTTP from monitor-web on the §7.0
// fixture: status, exact body bytes and the headers of §6.6.
#include <gtest/gtest.h>

#include "spec_vectors.h"
#include "web_test_server.h"

namespace ntpmon::web::test {
namespace {

constexpr const char* kCsv = "text/plain";
constexpr const char* kJson = "application/json";
constexpr const char* kFresh = "s-maxage=90,max-age=120";
constexpr const char* kOneRow = "s-maxage=60,max-age=35";
constexpr const char* kStale = "s-maxage=260,max-age=360";
constexpr const char* kError = "public,max-age=240";

class WebVectors : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = std::make_unique<WebTestServer>("web_vectors"); }
  static void TearDownTestSuite() { server_.reset(); }
  static std::unique_ptr<WebTestServer> server_;
};
std::unique_ptr<WebTestServer> WebVectors::server_;

struct Vector {
  const char* name;
  const char* target;
  int status;
  std::string_view body;
  const char* content_type;
  const char* cache_control;
};

// A 200 history response: CORS for everyone, CSV inline (§6.6).
void expect_success_headers(const Fetched& f, const Vector& v) {
  EXPECT_EQ(f.header("Content-Type"), v.content_type) << v.name;
  EXPECT_EQ(f.header("Cache-Control"), v.cache_control) << v.name;
  EXPECT_EQ(f.header("Access-Control-Allow-Origin"), "*") << v.name;
  if (std::string_view(v.content_type) == kCsv) {
    EXPECT_EQ(f.header("Content-Disposition"), "inline") << v.name;
  } else {
    EXPECT_EQ(f.header("Content-Disposition"), std::nullopt) << v.name;
  }
  EXPECT_EQ(f.header("Content-Length"), std::to_string(v.body.size())) << v.name;
}

TEST_F(WebVectors, HistoryBodiesAndHeaders) {
  const Vector vectors[] = {
      {"V1.1", "/scores/192.0.2.10/log?monitor=*&limit=3", 200, kV1_1, kCsv, kFresh},
      {"V1.2", "/scores/192.0.2.10/json?monitor=*", 200, kV1_2, kJson, kFresh},
      {"V1.3", "/scores/192.0.2.10/json?limit=1", 200, kV1_3, kJson, kOneRow},
      {"V1.3 by id", "/api/data/server/scores/1001/json?limit=1", 200, kV1_3, kJson, kOneRow},
      {"V1.3 data-api route", "/api/server/scores/1001/json?limit=1", 200, kV1_3, kJson, kOneRow},
      {"V1.4", "/scores/192.0.2.10/log?limit=1", 200, kV1_4, kCsv, kOneRow},
      {"V1.6", "/api/data/v2/server/scores/192.0.2.10/json?from=1748777000&to=1748779000&monitor=21", 200, kV1_6,
       kJson, kFresh},
      {"V1.6 data-api route", "/api/v2/server/scores/192.0.2.10/json?from=1748777000&to=1748779000&monitor=21", 200,
       kV1_6, kJson, kFresh},
      {"V2.1", "/scores/2001:db8::123/log?monitor=defra1-1gw2pjj&limit=10", 200, kV2_1, kCsv, kFresh},
      {"V2.2", "/scores/2001:db8::123/json?monitor=*", 200, kV2_2, kJson, kFresh},
      {"V2.3", "/api/data/server/scores/2001:DB8:0:0::123/json?monitor=22", 200, kV2_3, kJson, kFresh},
      {"V3.1", "/scores/198.51.100.7/log", 200, kV3_1, kCsv, kStale},
      {"V3.2", "/scores/198.51.100.7/json", 200, kV3_2, kJson, kStale},
      {"V3.3", "/scores/198.51.100.7/log?monitor=*&since=1747699200", 200, kV3_3, kCsv, kStale},
      {"V3.4", "/scores/198.51.100.7/json?monitor=*&since=1747699200", 200, kV3_4, kJson, kStale},
      // V3.5: parameter edge cases.
      {"V3.5 limit=abc", "/scores/198.51.100.7/log?monitor=*&since=1747699200&limit=abc", 200, kV3_3, kCsv, kStale},
      {"V3.5 limit=-3", "/scores/198.51.100.7/log?monitor=*&since=1747699200&limit=-3", 200, kV3_3, kCsv, kStale},
      {"V3.5 since=abc", "/scores/198.51.100.7/log?monitor=*&since=abc", 200, kV3_1, kCsv, kStale},
      {"V3.5 limit=0 json", "/scores/198.51.100.7/json?monitor=*&since=1747699200&limit=0", 200, kV3_2, kJson, kStale},
  };
  for (const Vector& v : vectors) {
    Fetched f = server_->fetch(v.target);
    EXPECT_EQ(f.status, v.status) << v.name;
    EXPECT_EQ(f.body, v.body) << v.name;
    expect_success_headers(f, v);
  }
}

// The same vectors on the wire: the whole response, status line, every header line and the
// body, byte for byte. Header lines come in the order the HTTP library writes them (sorted by
// name); nothing else is sent (no Date, no Server, no Keep-Alive on a closed connection).
std::string expected_wire_bytes(const Vector& v) {
  std::string out = "HTTP/1.1 200 OK\r\n";
  out += "Access-Control-Allow-Origin: *\r\n";
  out += std::string("Cache-Control: ") + v.cache_control + "\r\n";
  out += "Connection: close\r\n";
  if (std::string_view(v.content_type) == kCsv) out += "Content-Disposition: inline\r\n";
  out += "Content-Length: " + std::to_string(v.body.size()) + "\r\n";
  out += std::string("Content-Type: ") + v.content_type + "\r\n";
  out += "\r\n";
  out += v.body;
  return out;
}

TEST_F(WebVectors, ExactBytesOnTheWire) {
  const Vector vectors[] = {
      {"V1.1", "/scores/192.0.2.10/log?monitor=*&limit=3", 200, kV1_1, kCsv, kFresh},
      {"V1.2", "/scores/192.0.2.10/json?monitor=*", 200, kV1_2, kJson, kFresh},
      {"V1.3", "/scores/192.0.2.10/json?limit=1", 200, kV1_3, kJson, kOneRow},
      {"V1.3 by id", "/api/data/server/scores/1001/json?limit=1", 200, kV1_3, kJson, kOneRow},
      {"V1.4", "/scores/192.0.2.10/log?limit=1", 200, kV1_4, kCsv, kOneRow},
      {"V1.6", "/api/data/v2/server/scores/192.0.2.10/json?from=1748777000&to=1748779000&monitor=21", 200, kV1_6,
       kJson, kFresh},
      {"V2.1", "/scores/2001:db8::123/log?monitor=defra1-1gw2pjj&limit=10", 200, kV2_1, kCsv, kFresh},
      {"V2.2", "/scores/2001:db8::123/json?monitor=*", 200, kV2_2, kJson, kFresh},
      {"V2.3", "/api/data/server/scores/2001:DB8:0:0::123/json?monitor=22", 200, kV2_3, kJson, kFresh},
      {"V2.3 percent-encoded", "/scores/2001%3Adb8%3A%3A123/json?monitor=%2A", 200, kV2_2, kJson, kFresh},
      {"V3.1", "/scores/198.51.100.7/log", 200, kV3_1, kCsv, kStale},
      {"V3.2", "/scores/198.51.100.7/json", 200, kV3_2, kJson, kStale},
      {"V3.3", "/scores/198.51.100.7/log?monitor=*&since=1747699200", 200, kV3_3, kCsv, kStale},
      {"V3.4", "/scores/198.51.100.7/json?monitor=*&since=1747699200", 200, kV3_4, kJson, kStale},
      {"V3.5 limit=abc", "/scores/198.51.100.7/log?monitor=*&since=1747699200&limit=abc", 200, kV3_3, kCsv, kStale},
      {"V3.5 since=abc", "/scores/198.51.100.7/log?monitor=*&since=abc", 200, kV3_1, kCsv, kStale},
  };
  for (const Vector& v : vectors) {
    EXPECT_EQ(http_fetch_raw(server_->port(), v.target), expected_wire_bytes(v)) << v.name;
  }
  // V1.5 (E4: the web application's route, no CORS header, §1.5), the V2.3 redirect and the
  // V2.4 errors.
  std::string monitors = std::string(kV1_5);
  EXPECT_EQ(http_fetch_raw(server_->port(), "/scores/192.0.2.10/monitors"),
            "HTTP/1.1 200 OK\r\nCache-Control: s-maxage=480,max-age=240\r\n"
            "Connection: close\r\nContent-Length: " + std::to_string(monitors.size()) +
                "\r\nContent-Type: application/json\r\n\r\n" + monitors);
  EXPECT_EQ(http_fetch_raw(server_->port(), "/scores/2001:DB8:0:0::123/log?limit=5"),
            "HTTP/1.1 301 Moved Permanently\r\nCache-Control: public,max-age=240\r\nConnection: close\r\n"
            "Content-Length: 0\r\nLocation: /scores/2001:db8::123/log?limit=5\r\n\r\n");
  for (const char* target : {"/scores/2001:db8::123/log?monitor=defra1-1gw2pjj.test",
                             "/api/data/server/scores/203.0.113.99/json"}) {
    std::string body = std::string_view(target).find("monitor=") != std::string_view::npos
                           ? "{\"message\":\"monitor not found\"}\n"
                           : "{\"message\":\"server not found\"}\n";
    EXPECT_EQ(http_fetch_raw(server_->port(), target),
              "HTTP/1.1 404 Not Found\r\nCache-Control: public,max-age=240\r\nConnection: close\r\n"
              "Content-Length: " + std::to_string(body.size()) + "\r\nContent-Type: application/json\r\n\r\n" +
                  body)
        << target;
  }
  EXPECT_EQ(http_fetch_raw(server_->port(), "/api/data/server/scores/192.0.2.10/csv"),
            "HTTP/1.1 404 Not Found\r\nCache-Control: public,max-age=240\r\nConnection: close\r\n"
            "Content-Length: 27\r\nContent-Type: application/json\r\n\r\n{\"message\":\"invalid mode\"}\n");
}

TEST_F(WebVectors, LimitTwoAndZeroOnTheSinceQuery) {
  Fetched two = server_->fetch("/scores/198.51.100.7/log?monitor=*&since=1747699200&limit=2");
  std::string expected(kV3_3.substr(0, kV3_3.rfind("1747729800")));  // the header and the first two rows
  EXPECT_EQ(two.body, expected);
  Fetched zero = server_->fetch("/scores/198.51.100.7/log?monitor=*&since=1747699200&limit=0");
  EXPECT_EQ(zero.body, kV3_1);
  EXPECT_EQ(zero.header("Cache-Control"), kStale);
}

TEST_F(WebVectors, V1_5ServerMonitors) {
  Fetched f = server_->fetch("/scores/192.0.2.10/monitors");
  EXPECT_EQ(f.status, 200);
  EXPECT_EQ(f.body, kV1_5);
  EXPECT_EQ(f.header("Content-Type"), kJson);
  EXPECT_EQ(f.header("Cache-Control"), "s-maxage=480,max-age=240");
}

TEST_F(WebVectors, V2_3RedirectsAndPercentEncoding) {
  Fetched moved = server_->fetch("/scores/2001:DB8:0:0::123/log?limit=5");
  EXPECT_EQ(moved.status, 301);
  EXPECT_EQ(moved.header("Location"), "/scores/2001:db8::123/log?limit=5");
  EXPECT_EQ(moved.header("Cache-Control"), kError);
  EXPECT_EQ(moved.body, "");

  Fetched encoded = server_->fetch("/scores/2001%3Adb8%3A%3A123/log?monitor=%2A");
  Fetched plain = server_->fetch("/scores/2001:db8::123/log?monitor=*");
  EXPECT_EQ(encoded.status, 200);
  EXPECT_EQ(encoded.body, plain.body);
  EXPECT_EQ(encoded.header("Cache-Control"), plain.header("Cache-Control"));
  EXPECT_NE(encoded.body.find("10.9,22,defra1-1gw2pjj"), std::string::npos);
}

TEST_F(WebVectors, V2_4Errors) {
  struct Error {
    const char* target;
    const char* body;
  };
  const Error errors[] = {
      {"/scores/2001:db8::123/log?monitor=defra1-1gw2pjj.test", "{\"message\":\"monitor not found\"}\n"},
      {"/scores/2001:db8::123/log?monitor=uspao1-21wase0", "{\"message\":\"monitor not found\"}\n"},
      {"/api/data/server/scores/192.0.2.10/csv", "{\"message\":\"invalid mode\"}\n"},
      {"/api/data/server/scores/203.0.113.99/json", "{\"message\":\"server not found\"}\n"},
      {"/api/data/server/scores/192.0.2.99/json", "{\"message\":\"server not found\"}\n"},
      {"/api/data/server/scores/not-an-ip/log", "{\"message\":\"server not found\"}\n"},
  };
  for (const Error& e : errors) {
    Fetched f = server_->fetch(e.target);
    EXPECT_EQ(f.status, 404) << e.target;
    EXPECT_EQ(f.body, e.body) << e.target;
    EXPECT_EQ(f.header("Content-Type"), kJson) << e.target;
    EXPECT_EQ(f.header("Cache-Control"), kError) << e.target;
    EXPECT_EQ(f.header("Access-Control-Allow-Origin"), std::nullopt) << e.target;  // only on 200
  }
}

}  // namespace
}  // namespace ntpmon::web::test
