// The ClickHouse statements of sql/clickhouse/, as compiled into the program.
#include <gtest/gtest.h>

#include "clickhouse_statements.h"

namespace ntpmon::archiver {
namespace {

TEST(ArchiverClickHouseStatements, PicksOneStatementAndDropsComments) {
  std::string text =
      "-- file comment\n-- name: A\nSELECT 1\n-- inner comment\nFROM t;\n\n-- name: B\nSELECT {x};\n";
  EXPECT_EQ(statement_from_text(text, "A"), "SELECT 1\nFROM t");
  EXPECT_EQ(statement_from_text(text, "B", {{"x", "42"}}), "SELECT 42");
  EXPECT_THROW(statement_from_text(text, "C"), std::logic_error);
  EXPECT_THROW(statement_from_text(text, "B"), std::logic_error);  // {x} without a value
}

TEST(ArchiverClickHouseStatements, EmbeddedFilesHoldTheStatementsTheBackendUses) {
  auto create = clickhouse_statement("clickhouse/log_scores.sql", "CreateLogScores");
  EXPECT_TRUE(create.starts_with("CREATE TABLE IF NOT EXISTS log_scores ("));
  EXPECT_NE(create.find("ENGINE = ReplacingMergeTree"), std::string::npos);
  EXPECT_NE(create.find("ORDER BY (server_id, ts, id)"), std::string::npos);
  EXPECT_EQ(clickhouse_statement("clickhouse/archiver.sql", "InsertLogScores"),
            "INSERT INTO log_scores (dt, id, monitor_id, server_id, ts, score, step, offset, rtt, leap, error)\n"
            "FORMAT RowBinary");
  EXPECT_EQ(clickhouse_statement("clickhouse/archiver.sql", "LogScoreIdsInBatch",
                                 {{"first_day", "2022-01-01"}, {"last_day", "2022-01-02"}, {"first_id", "5"},
                                  {"last_id", "9"}}),
            "SELECT id FROM log_scores\n"
            "WHERE dt >= '2022-01-01' AND dt <= '2022-01-02' AND id >= 5 AND id <= 9\n"
            "FORMAT RowBinary");
  EXPECT_NE(clickhouse_statement("clickhouse/archiver.sql", "LogScoresEngine").find("system.tables"),
            std::string::npos);
}

}  // namespace
}  // namespace ntpmon::archiver
