// Parsing the Go MySQL driver's DSN form.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/dsn.h"
#include "case_name.h"

namespace ntpmon::db {
namespace {

using namespace std::chrono_literals;

struct ValidCase {
  std::string dsn;
  std::string user;
  std::optional<std::string> password;
  std::string net;
  std::string host;
  int port;
  std::string socket;
  std::string database;
};

void PrintTo(const ValidCase& c, std::ostream* os) { *os << testing_support::readable(c.dsn); }

class RuntimeDsnValid : public ::testing::TestWithParam<ValidCase> {};

TEST_P(RuntimeDsnValid, Parses) {
  const auto& c = GetParam();
  Dsn d = parse_dsn(c.dsn);
  EXPECT_EQ(d.user, c.user);
  EXPECT_EQ(d.password, c.password);
  EXPECT_EQ(d.net, c.net);
  EXPECT_EQ(d.host, c.host);
  if (c.net == "tcp") {
    EXPECT_EQ(d.port, c.port);
  }
  EXPECT_EQ(d.socket, c.socket);
  EXPECT_EQ(d.database, c.database);
}

INSTANTIATE_TEST_SUITE_P(
    Runtime, RuntimeDsnValid,
    ::testing::Values(
        ValidCase{"monitor:test123@tcp(127.0.0.1:3308)/monitor_test", "monitor", "test123", "tcp",
                  "127.0.0.1", 3308, "", "monitor_test"},
        ValidCase{"ntp@tcp(db.example)/askntp", "ntp", std::nullopt, "tcp", "db.example", 3306, "", "askntp"},
        ValidCase{"ntp:@tcp(db:3306)/askntp", "ntp", "", "tcp", "db", 3306, "", "askntp"},
        ValidCase{"tcp(db:3307)/askntp", "", std::nullopt, "tcp", "db", 3307, "", "askntp"},
        ValidCase{"/askntp", "", std::nullopt, "tcp", "127.0.0.1", 3306, "", "askntp"},
        ValidCase{"u:p@/askntp", "u", "p", "tcp", "127.0.0.1", 3306, "", "askntp"},
        ValidCase{"u:p@ss:w0rd@tcp(h:1)/d", "u", "p@ss:w0rd", "tcp", "h", 1, "", "d"},
        ValidCase{"u:p@tcp([::1]:3310)/d", "u", "p", "tcp", "::1", 3310, "", "d"},
        ValidCase{"u:p@tcp([fe80::1])/d", "u", "p", "tcp", "fe80::1", 3306, "", "d"},
        ValidCase{"u:p@tcp(h:3306)/", "u", "p", "tcp", "h", 3306, "", ""},
        ValidCase{"u@unix(/run/mysqld/mysqld.sock)/d", "u", std::nullopt, "unix", "", 0,
                  "/run/mysqld/mysqld.sock", "d"},
        ValidCase{"u@unix/d", "u", std::nullopt, "unix", "", 0, "/tmp/mysql.sock", "d"}));

TEST(RuntimeDsn, Parameters) {
  Dsn d = parse_dsn(
      "u:p@tcp(h)/d?parseTime=true&loc=UTC&timeout=5s&readTimeout=1m&writeTimeout=500ms"
      "&charset=utf8mb4,utf8&collation=utf8mb4_unicode_ci&tls=false"
      "&allowNativePasswords=true&interpolateParams=true&");
  EXPECT_TRUE(d.parse_time);
  EXPECT_EQ(d.loc, "UTC");
  EXPECT_EQ(d.timeout, 5s);
  EXPECT_EQ(d.read_timeout, 1min);
  EXPECT_EQ(d.write_timeout, 500ms);
  EXPECT_EQ(d.charset, "utf8mb4");
  EXPECT_EQ(d.collation, "utf8mb4_unicode_ci");
  EXPECT_EQ(d.tls, "false");
  EXPECT_EQ(d.ignored_params, (std::vector<std::string>{"allowNativePasswords", "interpolateParams"}));
}

TEST(RuntimeDsn, ParameterValuesArePercentDecoded) {
  EXPECT_EQ(parse_dsn("u:p@tcp(h)/d?loc=Europe%2FBerlin").loc, "Europe/Berlin");
  EXPECT_EQ(parse_dsn("u:p@tcp(h)/d?tls=skip-verify").tls, "skip-verify");
  EXPECT_EQ(parse_dsn("u:p@tcp(h)/d?tls=1").tls, "true");
}

TEST(RuntimeDsn, RedactedHidesThePassword) {
  EXPECT_EQ(parse_dsn("monitor:s3cret@tcp(db:3306)/askntp?timeout=5s").redacted(),
            "monitor:***@tcp(db:3306)/askntp");
  EXPECT_EQ(parse_dsn("monitor@unix(/s.sock)/x").redacted(), "monitor@unix(/s.sock)/x");
  EXPECT_EQ(parse_dsn("/x").redacted(), "tcp(127.0.0.1:3306)/x");
  EXPECT_EQ(parse_dsn("u:p@tcp([::1]:1)/x").redacted(), "u:***@tcp([::1]:1)/x");
}

struct ErrorCase {
  std::string dsn;
  std::string message;
  std::size_t position;
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << testing_support::readable(c.dsn); }

class RuntimeDsnError : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(RuntimeDsnError, NamesProblemAndPosition) {
  const auto& c = GetParam();
  try {
    parse_dsn(c.dsn);
    FAIL() << "no error for " << c.dsn;
  } catch (const DsnError& e) {
    EXPECT_EQ(e.what(), "invalid DSN at position " + std::to_string(c.position) + ": " + c.message);
    EXPECT_EQ(e.position(), c.position);
    EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << "password leaked";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Runtime, RuntimeDsnError,
    ::testing::Values(
        ErrorCase{"", "empty DSN", 0},
        ErrorCase{"u:s3cret@tcp(h:3306)", "missing the '/' before the database name", 20},
        ErrorCase{"u:s3cret@tcp(h:3306/d", "network address not terminated (missing ')')", 12},
        ErrorCase{"u:s3cret@udp(h:1)/d", "unknown network \"udp\" (use tcp or unix)", 9},
        ErrorCase{"u:s3cret@tcp(h:abc)/d", "invalid port \"abc\"", 15},
        ErrorCase{"u:s3cret@tcp(h:70000)/d", "invalid port \"70000\"", 15},
        ErrorCase{"u:s3cret@tcp(h:)/d", "invalid port \"\"", 15},
        ErrorCase{"u:s3cret@tcp(::1:3306)/d", "an IPv6 address needs brackets: tcp([addr]:port)", 13},
        ErrorCase{"u:s3cret@tcp(h)/d?foo=bar", "unknown parameter \"foo\"", 18},
        ErrorCase{"u:s3cret@tcp(h)/d?parseTime=true&foo=bar", "unknown parameter \"foo\"", 33},
        ErrorCase{"u:s3cret@tcp(h)/d?timeout=5",
                  "parameter timeout: invalid duration \"5\" (use a Go duration like 5s or 500ms)", 26},
        ErrorCase{"u:s3cret@tcp(h)/d?readTimeout=soon",
                  "parameter readTimeout: invalid duration \"soon\" (use a Go duration like 5s or 500ms)", 30},
        ErrorCase{"u:s3cret@tcp(h)/d?parseTime", "parameter \"parseTime\" needs the form name=value", 18},
        ErrorCase{"u:s3cret@tcp(h)/d?parseTime=perhaps", "parameter parseTime: invalid boolean \"perhaps\"", 28},
        ErrorCase{"u:s3cret@tcp(h)/d?tls=custom",
                  "parameter tls: unsupported value \"custom\" (use true, false, skip-verify or preferred)", 22},
        ErrorCase{"u:s3cret@tcp(h)/d?loc=%zz", "invalid percent-escape in parameter value", 22}));

}  // namespace
}  // namespace ntpmon::db
