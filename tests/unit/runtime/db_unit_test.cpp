// Pieces of the database layer that need no server: the soci connect string and the
// classification of errors for retries.
#include <gtest/gtest.h>
#include <soci/mysql/soci-mysql.h>

#include "db/connect.h"
#include "db/raw.h"
#include "db/transient.h"
#include "case_name.h"

namespace ntpmon::db {
namespace {

TEST(RuntimeDbConnectString, FromDsn) {
  Dsn d = parse_dsn("monitor:te'st\\x@tcp(127.0.0.1:3308)/monitor_test?readTimeout=1500ms");
  EXPECT_EQ(soci_connect_string(d),
            "host='127.0.0.1' port='3308' user='monitor' password='te\\'st\\\\x' "
            "db='monitor_test' charset='utf8mb4' connect_timeout='10' read_timeout='2'");
}

TEST(RuntimeDbConnectString, UnixSocketCharsetTimeoutTls) {
  Dsn d = parse_dsn("u@unix(/run/my sql.sock)/x?charset=latin1&timeout=3s&writeTimeout=1s&tls=true");
  EXPECT_EQ(soci_connect_string(d, {std::chrono::seconds(99)}),
            "unix_socket='/run/my sql.sock' user='u' db='x' charset='latin1' connect_timeout='3' "
            "write_timeout='1' sslca='/etc/ssl/certs/ca-certificates.crt'");
}

struct CodeCase {
  unsigned code;
  bool transient;
  bool connection_lost;
};

void PrintTo(const CodeCase& c, std::ostream* os) { *os << testing_support::readable(std::to_string(c.code)); }

class RuntimeDbTransient : public ::testing::TestWithParam<CodeCase> {};

TEST_P(RuntimeDbTransient, Classifies) {
  const auto& c = GetParam();
  EXPECT_EQ(is_transient_error_code(c.code), c.transient);
  EXPECT_EQ(is_connection_lost_code(c.code), c.connection_lost);
  soci::mysql_soci_error e("x", static_cast<int>(c.code));
  EXPECT_EQ(is_transient(e), c.transient);
  EXPECT_EQ(mysql_error_code(e), c.code);
  RawQueryError raw(c.code, "HY000", "y");
  EXPECT_EQ(is_transient(raw), c.transient);
  EXPECT_EQ(is_connection_lost(raw), c.connection_lost);
}

INSTANTIATE_TEST_SUITE_P(Runtime, RuntimeDbTransient,
                         ::testing::Values(CodeCase{1213, true, false},   // deadlock
                                           CodeCase{1205, true, false},   // lock wait timeout
                                           CodeCase{2006, true, true},    // server gone away
                                           CodeCase{2013, true, true},    // lost connection
                                           CodeCase{1062, false, false},  // duplicate key
                                           CodeCase{1064, false, false},  // syntax error
                                           CodeCase{1146, false, false},  // no such table
                                           CodeCase{1045, false, false},  // access denied
                                           CodeCase{2003, false, false},  // cannot connect
                                           CodeCase{0, false, false}));

TEST(RuntimeDbTransient, OtherExceptionsAreNotTransient) {
  EXPECT_FALSE(is_transient(std::runtime_error("1213")));
  EXPECT_EQ(mysql_error_code(soci::soci_error("plain")), std::nullopt);
}

TEST(RuntimeDbRawError, CarriesNumberStateAndMessage) {
  RawQueryError e(1064, "42000", "You have an error in your SQL syntax");
  EXPECT_EQ(e.error_number(), 1064u);
  EXPECT_EQ(e.sql_state(), "42000");
  EXPECT_EQ(e.server_message(), "You have an error in your SQL syntax");
  EXPECT_STREQ(e.what(), "MySQL error 1064 (42000): You have an error in your SQL syntax");
}

}  // namespace
}  // namespace ntpmon::db
