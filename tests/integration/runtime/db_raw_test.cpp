// execute_raw: statements soci must not parse, and the server's error numbers.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "db/connect.h"
#include "db/raw.h"
#include "db/transient.h"
#include "runtime_db_fixture.h"

namespace ntpmon::db::testing {
namespace {

using RuntimeDbRaw = RuntimeDb;

TEST_F(RuntimeDbRaw, ReportsTheServersErrorNumberAndMessage) {
  auto s = open_session(dsn());
  try {
    execute_raw(*s, "SELEC 1");
    FAIL() << "no error";
  } catch (const RawQueryError& e) {
    EXPECT_EQ(e.error_number(), 1064u);
    EXPECT_EQ(e.sql_state(), "42000");
    EXPECT_NE(e.server_message().find("SQL syntax"), std::string::npos) << e.server_message();
    EXPECT_EQ(std::string(e.what()).rfind("MySQL error 1064 (42000): ", 0), 0u) << e.what();
    EXPECT_FALSE(is_transient(e));
  }
  try {
    execute_raw(*s, "SELECT * FROM rt_no_such_table");
    FAIL() << "no error";
  } catch (const soci::mysql_soci_error& e) {  // what the migration tool catches
    EXPECT_EQ(e.err_num_, 1146u);
  }
  // The session is still usable afterwards.
  int one = 0;
  *s << "SELECT 1", soci::into(one);
  EXPECT_EQ(one, 1);
}

TEST_F(RuntimeDbRaw, ColonsAreNotPlaceholders) {
  auto s = open_session(dsn());
  execute_raw(*s, "DROP TABLE IF EXISTS rt_colon");
  execute_raw(*s, "CREATE TABLE rt_colon (c VARCHAR(20) NOT NULL DEFAULT 'a:b :c')");
  EXPECT_EQ(execute_raw(*s, "INSERT INTO rt_colon () VALUES (), ()"), 2u);
  std::string c;
  *s << "SELECT c FROM rt_colon LIMIT 1", soci::into(c);
  EXPECT_EQ(c, "a:b :c");
}

TEST_F(RuntimeDbRaw, ProcedureBodiesAndCallsWithResultSets) {
  auto s = open_session(dsn());
  execute_raw(*s, "DROP PROCEDURE IF EXISTS rt_proc");
  execute_raw(*s,
              "CREATE PROCEDURE rt_proc(IN p_id INT)\n"
              "BEGIN\n"
              "  DECLARE v_n INT DEFAULT 0;\n"
              "  lbl: LOOP\n"
              "    SET v_n = v_n + 1;\n"
              "    IF v_n >= 3 THEN LEAVE lbl; END IF;\n"
              "  END LOOP lbl;\n"
              "  UPDATE rt_counter SET n = v_n WHERE id = p_id;\n"
              "  SELECT v_n AS n;\n"
              "  SELECT 'second result' AS label;\n"
              "END");
  execute_raw(*s, "CALL rt_proc(2)");  // two result sets and a status: all consumed
  int n = 0;
  *s << "SELECT n FROM rt_counter WHERE id = 2", soci::into(n);
  EXPECT_EQ(n, 3);
  *s << "UPDATE rt_counter SET n = 0 WHERE id = 2";
}

TEST_F(RuntimeDbRaw, DuplicateKeyIsReportedNotTransient) {
  auto s = open_session(dsn());
  try {
    execute_raw(*s, "INSERT INTO rt_counter (id, n) VALUES (1, 0)");
    FAIL() << "no error";
  } catch (const RawQueryError& e) {
    EXPECT_EQ(e.error_number(), 1062u);
    EXPECT_FALSE(is_transient(e));
  }
}

}  // namespace
}  // namespace ntpmon::db::testing
