// ch_dsn as an HTTP URL.
#include <gtest/gtest.h>

#include "clickhouse_client.h"

namespace ntpmon::archiver {
namespace {

struct UrlCase {
  const char* name;
  const char* url;
  const char* scheme;
  const char* host;
  int port;
  const char* user;
  const char* password;
  const char* database;
};

class ArchiverClickHouseUrl : public testing::TestWithParam<UrlCase> {};

TEST_P(ArchiverClickHouseUrl, Parses) {
  const auto& c = GetParam();
  auto e = parse_clickhouse_url(c.url);
  EXPECT_EQ(e.scheme, c.scheme);
  EXPECT_EQ(e.host, c.host);
  EXPECT_EQ(e.port, c.port);
  EXPECT_EQ(e.user, c.user);
  EXPECT_EQ(e.password, c.password);
  EXPECT_EQ(e.database, c.database);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ArchiverClickHouseUrl,
    testing::Values(UrlCase{"host_only", "http://ch.example", "http", "ch.example", 8123, "", "", "default"},
                    UrlCase{"full", "http://arch:s%40cret@10.0.0.5:18123/askntp", "http", "10.0.0.5", 18123, "arch",
                            "s@cret", "askntp"},
                    UrlCase{"trailing_slash", "http://127.0.0.1:8123/", "http", "127.0.0.1", 8123, "", "", "default"},
                    UrlCase{"https_default_port", "https://u@ch/db", "https", "ch", 8443, "u", "", "db"},
                    UrlCase{"ipv6", "http://[::1]:9123/x", "http", "::1", 9123, "", "", "x"}),
    [](const testing::TestParamInfo<UrlCase>& info) { return std::string(info.param.name); });

struct BadUrl {
  const char* name;
  const char* url;
  const char* message_part;
};

class ArchiverClickHouseUrlRejected : public testing::TestWithParam<BadUrl> {};

TEST_P(ArchiverClickHouseUrlRejected, NamesTheProblem) {
  try {
    parse_clickhouse_url(GetParam().url);
    FAIL() << "accepted " << GetParam().url;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(GetParam().message_part), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << "password leaked: " << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ArchiverClickHouseUrlRejected,
    testing::Values(BadUrl{"native_dsn", "tcp://10.43.92.221:9000/askntp?debug=false&compress=lz4",
                           "native protocol (tcp://"},
                    BadUrl{"no_scheme", "ch.example:8123", "expected an HTTP URL"},
                    BadUrl{"other_scheme", "ftp://x", "unsupported scheme 'ftp'"},
                    BadUrl{"params", "http://u:hunter2@x/db?compress=1", "URL parameters are not supported"},
                    BadUrl{"bad_port", "http://u:hunter2@x:99999/db", "bad port '99999'"},
                    BadUrl{"no_host", "http://:8123/db", "no host"},
                    BadUrl{"nested_path", "http://x/db/more", "just the database name"}),
    [](const testing::TestParamInfo<BadUrl>& info) { return std::string(info.param.name); });

TEST(ArchiverClickHouseUrl, RedactsThePassword) {
  auto e = parse_clickhouse_url("http://arch:hunter2@h:1/d");
  EXPECT_EQ(e.redacted(), "http://arch:***@h:1/d");
}

}  // namespace
}  // namespace ntpmon::archiver
