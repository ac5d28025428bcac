// Every generated query against the live server (principle 2 of DESIGN.md):
//  * Prepare: each catalog query (sql/queries/ and the test-only tests/integration/sql_queries/)
//    is prepared with the MariaDB C API, and the server's result metadata (column count, names,
//    type, UNSIGNED_FLAG, NOT_NULL_FLAG) must agree with the generated Row struct.
//  * RoundTrip: generated functions insert and read back rows through soci, and every value
//    (DATETIME(6) microseconds, NULLs, nullable enums, unsigned BIGINT, quotes and ':' in text)
//    comes back exactly.
#include <gtest/gtest.h>
#include <mysql.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sql/query_catalog.h"
#include "sqlrt/catalog.h"
#include "sqlrt/errors.h"
#include "sqlrt/time.h"
#include "sqltest/query_catalog.h"
#include "sqltest/roundtrip.h"
#include "test_database.h"

namespace ntpmon {
namespace {

using namespace std::chrono;
using sqlrt::ColumnInfo;
using sqlrt::QueryInfo;
using sqlrt::QueryKind;
using sqlrt::TypeClass;

struct MysqlCloser {
  void operator()(MYSQL* m) const { mysql_close(m); }
};
using MysqlPtr = std::unique_ptr<MYSQL, MysqlCloser>;

// A database of its own with the current schema (created by the migration code), dropped at exit.
test::TestDatabase& database() {
  static test::TestDatabase db{"sql_prepare"};
  return db;
}

MysqlPtr connect_c_api() {
  auto& db = database();
  MysqlPtr conn(mysql_init(nullptr));
  if (!mysql_real_connect(conn.get(), db.host().c_str(), db.user().c_str(), db.password().c_str(),
                          db.name().c_str(), db.port(), nullptr, 0)) {
    throw std::runtime_error(std::string("mysql_real_connect: ") + mysql_error(conn.get()));
  }
  return conn;
}

std::string type_name(enum_field_types t) {
  switch (t) {
    case MYSQL_TYPE_TINY: return "TINY";
    case MYSQL_TYPE_SHORT: return "SHORT";
    case MYSQL_TYPE_INT24: return "INT24";
    case MYSQL_TYPE_LONG: return "LONG";
    case MYSQL_TYPE_LONGLONG: return "LONGLONG";
    case MYSQL_TYPE_YEAR: return "YEAR";
    case MYSQL_TYPE_FLOAT: return "FLOAT";
    case MYSQL_TYPE_DOUBLE: return "DOUBLE";
    case MYSQL_TYPE_DECIMAL: return "DECIMAL";
    case MYSQL_TYPE_NEWDECIMAL: return "NEWDECIMAL";
    case MYSQL_TYPE_DATETIME: return "DATETIME";
    case MYSQL_TYPE_TIMESTAMP: return "TIMESTAMP";
    case MYSQL_TYPE_DATE: return "DATE";
    case MYSQL_TYPE_NEWDATE: return "NEWDATE";
    case MYSQL_TYPE_TIME: return "TIME";
    case MYSQL_TYPE_VARCHAR: return "VARCHAR";
    case MYSQL_TYPE_VAR_STRING: return "VAR_STRING";
    case MYSQL_TYPE_STRING: return "STRING";
    case MYSQL_TYPE_BLOB: return "BLOB";
    case MYSQL_TYPE_TINY_BLOB: return "TINY_BLOB";
    case MYSQL_TYPE_MEDIUM_BLOB: return "MEDIUM_BLOB";
    case MYSQL_TYPE_LONG_BLOB: return "LONG_BLOB";
    case MYSQL_TYPE_JSON: return "JSON";
    case MYSQL_TYPE_NULL: return "NULL";
    default: return "type " + std::to_string(static_cast<int>(t));
  }
}

int integer_bytes(enum_field_types t) {
  switch (t) {
    case MYSQL_TYPE_TINY: return 1;
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_YEAR: return 2;
    case MYSQL_TYPE_INT24:  // MEDIUMINT maps to a 32-bit C++ integer
    case MYSQL_TYPE_LONG: return 4;
    case MYSQL_TYPE_LONGLONG: return 8;
    default: return 0;
  }
}

// Why the server's column does not fit the generated field, or "" when it does.
std::string mismatch(const ColumnInfo& c, const MYSQL_FIELD& f) {
  const bool server_unsigned = (f.flags & UNSIGNED_FLAG) != 0;
  const int bytes = integer_bytes(f.type);
  std::string server = type_name(f.type) + (server_unsigned ? " UNSIGNED" : "");
  auto is = [&](std::initializer_list<enum_field_types> types) {
    for (auto t : types) {
      if (f.type == t) return true;
    }
    return false;
  };
  switch (c.type_class) {
    case TypeClass::integer:
      if (bytes == 0) return "an integer field but the server returns " + server;
      if (bytes != c.int_bytes || server_unsigned != c.is_unsigned) {
        return std::string(c.cpp_type) + " but the server returns " + server;
      }
      return "";
    case TypeClass::boolean:
      return bytes ? "" : "a bool field but the server returns " + server;
    case TypeClass::floating:
      return is({MYSQL_TYPE_DOUBLE, MYSQL_TYPE_FLOAT, MYSQL_TYPE_DECIMAL, MYSQL_TYPE_NEWDECIMAL})
                 ? ""
                 : "a double field but the server returns " + server;
    case TypeClass::string:
    case TypeClass::enumeration:
      return is({MYSQL_TYPE_VARCHAR, MYSQL_TYPE_VAR_STRING, MYSQL_TYPE_STRING, MYSQL_TYPE_BLOB, MYSQL_TYPE_TINY_BLOB,
                 MYSQL_TYPE_MEDIUM_BLOB, MYSQL_TYPE_LONG_BLOB, MYSQL_TYPE_JSON})
                 ? ""
                 : "a " + std::string(c.cpp_type) + " field but the server returns " + server;
    case TypeClass::datetime:
      return is({MYSQL_TYPE_DATETIME, MYSQL_TYPE_TIMESTAMP}) ? ""
                                                             : "a datetime field but the server returns " + server;
    case TypeClass::date:
      return is({MYSQL_TYPE_DATE, MYSQL_TYPE_NEWDATE}) ? "" : "a date field but the server returns " + server;
  }
  return "unknown type class";
}

// Prepares the query and compares the server's metadata with the catalog; one line per problem.
std::vector<std::string> check_query(MYSQL* conn, const QueryInfo& q) {
  std::vector<std::string> problems;
  auto add = [&](const std::string& what) {
    problems.push_back(std::string(q.name) + " (" + std::string(q.file) + ":" + std::to_string(q.line) + "): " + what);
  };
  MYSQL_STMT* st = mysql_stmt_init(conn);
  if (mysql_stmt_prepare(st, q.sql.data(), q.sql.size()) != 0) {
    add(std::string("prepare failed: ") + mysql_stmt_error(st) + " -- " + std::string(q.sql));
    mysql_stmt_close(st);
    return problems;
  }
  if (mysql_stmt_param_count(st) != static_cast<unsigned long>(q.placeholders)) {
    add("the server counts " + std::to_string(mysql_stmt_param_count(st)) + " placeholders, the catalog " +
        std::to_string(q.placeholders));
  }
  MYSQL_RES* md = mysql_stmt_result_metadata(st);
  const bool rows = q.kind == QueryKind::one || q.kind == QueryKind::many;
  if (rows) {
    unsigned n = md ? mysql_num_fields(md) : 0;
    if (n != q.columns.size()) {
      add("the server returns " + std::to_string(n) + " columns, the struct has " + std::to_string(q.columns.size()));
    } else {
      MYSQL_FIELD* fields = mysql_fetch_fields(md);
      for (unsigned i = 0; i < n; ++i) {
        const ColumnInfo& c = q.columns[i];
        const MYSQL_FIELD& f = fields[i];
        std::string col = "column " + std::to_string(i + 1) + " '" + std::string(c.name) + "': ";
        if (c.name != f.name) add(col + "the server names it '" + f.name + "'");
        if (std::string why = mismatch(c, f); !why.empty()) add(col + why);
        if (!c.nullable && !(f.flags & NOT_NULL_FLAG)) {
          add(col + "the struct says NOT NULL but the server may return NULL");
        }
      }
    }
  }
  if (md) mysql_free_result(md);
  mysql_stmt_close(st);
  return problems;
}


// Each problem is reported with the query's name, file and line. (One database for all
// queries: creating one per query would dominate the run time.)
void expect_matches_server(std::span<const QueryInfo> catalog) {
  MysqlPtr conn = connect_c_api();
  for (const QueryInfo& q : catalog) {
    if (q.name == "RtBadNullability") continue;  // deliberately wrong; see below
    for (const auto& p : check_query(conn.get(), q)) ADD_FAILURE() << p;
  }
}

TEST(SqlPrepare, SqlQueriesMatchTheServer) { expect_matches_server(sql::query_catalog()); }

TEST(SqlPrepare, TestQueriesMatchTheServer) { expect_matches_server(sqltest::query_catalog()); }

TEST(SqlPrepare, TheCatalogCoversSqlQueries) {
  // The real catalog is generated from sql/queries/*.sql; admin.sql is the first file.
  EXPECT_NE(sql::find_query("GetSchemaRevision"), nullptr);
  for (const auto& q : sql::query_catalog()) {
    EXPECT_EQ(q.file.substr(0, 12), "sql/queries/") << q.name;
    EXPECT_GT(q.line, 0) << q.name;
  }
}

TEST(SqlPrepare, CheckerReportsANullableColumnTheStructCallsNotNull) {
  MysqlPtr conn = connect_c_api();
  const QueryInfo* q = sqltest::find_query("RtBadNullability");
  ASSERT_NE(q, nullptr);
  auto problems = check_query(conn.get(), *q);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("column 1 'newest_deleted': the struct says NOT NULL but the server may return NULL"),
            std::string::npos)
      << problems[0];
}

TEST(SqlPrepare, CheckerReportsWrongIntegerWidthAndClass) {
  MysqlPtr conn = connect_c_api();
  const ColumnInfo cols[] = {{"id", "std::uint64_t", TypeClass::integer, 8, true, false, 0},
                             {"hostname", "double", TypeClass::floating, 0, false, false, 0}};
  QueryInfo q{"Fake", "fake.sql", 1, QueryKind::many, "SELECT id, hostname FROM monitors", 0, cols, {}};
  auto problems = check_query(conn.get(), q);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(problems[0].find("std::uint64_t but the server returns LONG UNSIGNED"), std::string::npos) << problems[0];
  EXPECT_NE(problems[1].find("a double field but the server returns VAR_STRING"), std::string::npos) << problems[1];
}

// ---- end to end through soci ----

class SqlRoundTrip : public ::testing::Test {
 protected:
  soci::session& s() { return database().session(); }
};

const sys_seconds kCreated = sys_days{2024y / 3 / 1} + 12h + 30min + 5s;
const sqlrt::sys_micros kSeen = sqlrt::sys_micros{sys_days{2024y / 3 / 2} + 1h + 2min + 3s} + 123456us;

TEST_F(SqlRoundTrip, MonitorWithMicrosecondsNullsAndEnums) {
  // Text that the soci MySQL backend must not take for placeholders or string ends.
  const std::string host = "mon:1 'quoted' \"double\" back\\slash :p1 ?";
  std::uint64_t account = sqltest::RtInsertAccount(s(), std::string("Acme: 'A'"), true, std::nullopt, kCreated);
  ASSERT_GT(account, 0u);
  std::uint64_t id = sqltest::RtInsertMonitor(
      s(), std::string("tok-1"), sqltest::MonitorsType::monitor, static_cast<std::uint32_t>(account), host,
      "Zürich", std::nullopt, std::nullopt, std::string("mon1.example"), sqltest::MonitorsStatus::testing, "{}",
      kSeen, kCreated, std::nullopt);
  ASSERT_GT(id, 0u);

  auto row = sqltest::RtGetMonitor(s(), static_cast<std::uint32_t>(id));
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->id, id);
  EXPECT_EQ(row->id_token, "tok-1");
  EXPECT_EQ(row->type, sqltest::MonitorsType::monitor);
  EXPECT_EQ(row->account_id, account);
  EXPECT_EQ(row->hostname, host);
  EXPECT_EQ(row->ip, std::nullopt);
  EXPECT_EQ(row->ip_version, std::nullopt);  // nullable enum, NULL
  EXPECT_EQ(row->status, sqltest::MonitorsStatus::testing);
  EXPECT_EQ(row->config, "{}");
  EXPECT_EQ(row->last_seen, kSeen);  // DATETIME(6): microseconds survive
  EXPECT_EQ(row->last_submit, std::nullopt);
  EXPECT_EQ(row->created_on, kCreated);
  EXPECT_EQ(row->deleted_on, std::nullopt);
  EXPECT_EQ(row->is_current, std::nullopt);
  EXPECT_EQ(row->account_name, "Acme: 'A'");
  EXPECT_EQ(row->public_profile, true);

  EXPECT_FALSE(sqltest::RtGetMonitor(s(), 999999).has_value());

  auto found = sqltest::RtFindMonitorsByHostname(s(), host);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, id);
}

TEST_F(SqlRoundTrip, LiteralsWithColonsAndQuotesReachTheServer) {
  const std::string a = "x:y 'z'";
  const std::string b = "a:b 'c' \\:d";
  std::uint64_t ida = sqltest::RtInsertMonitor(s(), std::nullopt, sqltest::MonitorsType::score, std::nullopt, a, "",
                                               std::nullopt, std::nullopt, std::nullopt, sqltest::MonitorsStatus::active,
                                               "", std::nullopt, kCreated, false);
  std::uint64_t idb = sqltest::RtInsertMonitor(s(), std::nullopt, sqltest::MonitorsType::score, std::nullopt, b, "",
                                               std::nullopt, std::nullopt, std::nullopt, sqltest::MonitorsStatus::active,
                                               "", std::nullopt, kCreated, true);
  auto found = sqltest::RtFindMonitorsByHostname(s(), "none");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].id, ida);
  EXPECT_EQ(found[0].hostname, a);
  EXPECT_EQ(found[1].id, idb);
  EXPECT_EQ(found[1].hostname, b);
  auto row = sqltest::RtGetMonitor(s(), static_cast<std::uint32_t>(idb));
  ASSERT_TRUE(row);
  EXPECT_EQ(row->is_current, true);
  EXPECT_EQ(row->account_name, std::nullopt);    // LEFT JOIN without a match
  EXPECT_EQ(row->public_profile, std::nullopt);  // NOT NULL column, NULL through the LEFT JOIN
}

TEST_F(SqlRoundTrip, LogScoresWithUnsignedBigintNullsAndDates) {
  std::uint64_t mon = sqltest::RtInsertMonitor(s(), std::nullopt, sqltest::MonitorsType::monitor, std::nullopt,
                                               "ls-mon", "", std::string("192.0.2.1"), sqltest::MonitorsIpVersion::v6,
                                               std::nullopt, sqltest::MonitorsStatus::active, "", std::nullopt,
                                               kCreated, std::nullopt);
  const sys_days deletion = sys_days{2030y / 12 / 31};
  std::uint64_t server = sqltest::RtInsertServer(s(), "192.0.2.99", sqltest::ServersIpVersion::v4, std::nullopt,
                                                 std::nullopt, std::uint8_t{2}, 4294967295u, kCreated, -12.75,
                                                 deletion);
  ASSERT_GT(server, 0u);
  const std::uint64_t big = (std::uint64_t{1} << 63) + 5;  // above INT64_MAX
  const sys_seconds ts1 = kCreated + 10s;
  const sys_seconds ts2 = kCreated + 20s;
  std::uint64_t id1 = sqltest::RtInsertLogScore(s(), big, static_cast<std::uint32_t>(mon),
                                                static_cast<std::uint32_t>(server), ts1, 19.5, 1.0, 0.000123456789,
                                                std::int32_t{-8388608}, std::string("{\"leap\":1}"));
  EXPECT_EQ(id1, big);
  std::uint64_t id2 = sqltest::RtInsertLogScore(s(), big + 1, std::nullopt, static_cast<std::uint32_t>(server), ts2,
                                                -5, -4.25, std::nullopt, std::nullopt, std::nullopt);
  EXPECT_EQ(id2, big + 1);

  auto rows = sqltest::RtLogScoresForServer(s(), static_cast<std::uint32_t>(server), kCreated, ts2);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].id, big);
  EXPECT_EQ(rows[0].monitor_id, mon);
  EXPECT_EQ(rows[0].server_id, server);
  EXPECT_EQ(rows[0].ts, ts1);
  EXPECT_EQ(rows[0].score, 19.5);
  EXPECT_EQ(rows[0].step, 1.0);
  EXPECT_EQ(rows[0].offset, 0.000123456789);
  EXPECT_EQ(rows[0].rtt, -8388608);
  EXPECT_EQ(rows[0].attributes, "{\"leap\":1}");
  EXPECT_EQ(rows[0].deletion_on, deletion);
  EXPECT_EQ(rows[0].stratum, 2);
  EXPECT_EQ(rows[0].monitor_ip_version, sqltest::MonitorsIpVersion::v6);
  EXPECT_EQ(rows[1].id, big + 1);
  EXPECT_EQ(rows[1].monitor_id, std::nullopt);
  EXPECT_EQ(rows[1].offset, std::nullopt);
  EXPECT_EQ(rows[1].rtt, std::nullopt);
  EXPECT_EQ(rows[1].attributes, std::nullopt);
  EXPECT_EQ(rows[1].monitor_ip_version, std::nullopt);  // no monitor: NULL through the LEFT JOIN
  EXPECT_EQ(rows[1].step, -4.25);

  EXPECT_TRUE(sqltest::RtLogScoresForServer(s(), static_cast<std::uint32_t>(server), ts2 + 1s, ts2 + 2s).empty());
}

TEST_F(SqlRoundTrip, ExecRowsCountsChangedRows) {
  sqltest::RtInsertMonitor(s(), std::nullopt, sqltest::MonitorsType::monitor, std::nullopt, "paused-1", "",
                           std::nullopt, std::nullopt, std::nullopt, sqltest::MonitorsStatus::paused, "",
                           std::nullopt, kCreated, std::nullopt);
  sqltest::RtInsertMonitor(s(), std::nullopt, sqltest::MonitorsType::monitor, std::nullopt, "paused-2", "",
                           std::nullopt, std::nullopt, std::nullopt, sqltest::MonitorsStatus::paused, "",
                           std::nullopt, kCreated, std::nullopt);
  const sqlrt::sys_micros now = kSeen + 1s;
  EXPECT_EQ(sqltest::RtTouchMonitors(s(), now, sqltest::MonitorsStatus::paused), 2u);
  EXPECT_EQ(sqltest::RtTouchMonitors(s(), now, sqltest::MonitorsStatus::paused), 0u);  // not earlier any more

  auto counts = sqltest::RtMonitorCounts(s());
  bool paused = false, deleted = false;
  for (const auto& c : counts) {
    if (c.status == sqltest::MonitorsStatus::paused) {
      paused = true;
      EXPECT_EQ(c.n, 2);
      EXPECT_EQ(c.newest, std::nullopt);
    }
    if (c.status == sqltest::MonitorsStatus::deleted) deleted = true;
  }
  EXPECT_TRUE(paused);
  EXPECT_TRUE(deleted);
}

TEST_F(SqlRoundTrip, ExecRunsStatementsWithAndWithoutResults) {
  EXPECT_NO_THROW(sqltest::RtReleaseTestLock(s()));
  EXPECT_NO_THROW(sqltest::RtSetSessionVariable(s(), -7));
  // The connection is still usable afterwards (no result left pending).
  EXPECT_FALSE(sqltest::RtGetMonitor(s(), 123456).has_value());
}

TEST_F(SqlRoundTrip, UnexpectedNullNamesQueryAndColumn) {
  try {
    sqltest::RtBadNullability(s());
    FAIL() << "no exception";
  } catch (const sqlrt::conversion_error& e) {
    EXPECT_STREQ(e.what(), "RtBadNullability.newest_deleted: unexpected NULL");
  }
}

}  // namespace
}  // namespace ntpmon
