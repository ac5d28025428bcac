#include "migrate/sql_script.h"

#include <gtest/gtest.h>

namespace ntpmon::migrate {
namespace {

std::vector<std::string> texts(const std::vector<ScriptStatement>& st) {
  std::vector<std::string> out;
  for (const auto& s : st) out.push_back(s.text);
  return out;
}

struct SplitCase {
  const char* name;
  const char* script;
  std::vector<std::string> statements;
};

class SplitTest : public ::testing::TestWithParam<SplitCase> {};

TEST_P(SplitTest, Statements) {
  EXPECT_EQ(texts(split_sql_script(GetParam().script, "t.sql")), GetParam().statements);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SplitTest,
    ::testing::Values(
        SplitCase{"two", "SELECT 1;\nSELECT 2;\n", {"SELECT 1", "SELECT 2"}},
        SplitCase{"no_final_terminator", "SELECT 1;\nSELECT 2", {"SELECT 1", "SELECT 2"}},
        SplitCase{"semicolon_in_quotes", "SELECT ';', \"a;b\", `c;d`;", {"SELECT ';', \"a;b\", `c;d`"}},
        SplitCase{"escaped_quote", "SELECT 'it''s;', 'x\\';';", {"SELECT 'it''s;', 'x\\';'"}},
        SplitCase{"comments_only_skipped", "-- a;\n# b;\n/* c; */\n", {}},
        SplitCase{"comment_with_semicolon", "SELECT 1 -- x;y\n;", {"SELECT 1 -- x;y"}},
        SplitCase{"double_dash_without_space_is_code", "SELECT 1--2;", {"SELECT 1--2"}},
        SplitCase{"block_comment", "SELECT /* ; */ 1;", {"SELECT /* ; */ 1"}},
        SplitCase{"executable_comment_counts", "/*!40101 SET NAMES utf8 */;", {"/*!40101 SET NAMES utf8 */"}},
        SplitCase{"delimiter",
                  "DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END//\nDELIMITER ;\nSELECT 3;",
                  {"CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END", "SELECT 3"}},
        SplitCase{"delimiter_lowercase", "delimiter $$\nSELECT 1$$\n", {"SELECT 1"}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(SplitScript, ReportsStatementLine) {
  auto st = split_sql_script("-- header\n\nSELECT 1;\n\n  SELECT\n 2;", "t.sql");
  ASSERT_EQ(st.size(), 2u);
  EXPECT_EQ(st[0].line, 3u);
  EXPECT_EQ(st[1].line, 5u);
}

TEST(SplitScript, UnterminatedQuoteNamesFileAndLine) {
  try {
    split_sql_script("SELECT 1;\nSELECT 'abc;\n", "m/0002_x.sql");
    FAIL() << "expected ScriptError";
  } catch (const ScriptError& e) {
    EXPECT_STREQ(e.what(), "m/0002_x.sql:2: unterminated ' quote");
  }
}

TEST(SplitScript, UnterminatedCommentNamesLine) {
  EXPECT_THROW(split_sql_script("SELECT 1; /* open\n", "x.sql"), ScriptError);
}

}  // namespace
}  // namespace ntpmon::migrate
