// The error texts monitor-scorer logs: a ScoringError names the row; a long database error
// (with megabytes of bound JSON) is shortened to its start and end.
#include <gtest/gtest.h>

#include "scoring_error.h"

namespace ntpmon::scorer {
namespace {

TEST(ScorerErrorText, ScoringErrorNamesScorerRowAndServer) {
  const ScoringError e("recentmedian", 12345, 3001, "no recent scores found for 3001");
  EXPECT_STREQ(e.what(), "scorer \"recentmedian\": log_scores row 12345 (server 3001): no recent scores found for 3001");
  EXPECT_EQ(e.log_score_id(), 12345u);
}

TEST(ScorerErrorText, LongErrorsKeepTheirStartAndEnd) {
  EXPECT_EQ(shorten_error("short"), "short");
  const std::string text = "Lock wait timeout exceeded" + std::string(100000, 'x') + "in query InsertScorerLogScores.";
  const auto s = shorten_error(text);
  EXPECT_LT(s.size(), 1000u);
  EXPECT_EQ(s.rfind("Lock wait timeout exceeded", 0), 0u);
  EXPECT_NE(s.find("characters left out"), std::string::npos);
  EXPECT_EQ(s.substr(s.size() - 31), "in query InsertScorerLogScores.");
}

}  // namespace
}  // namespace ntpmon::scorer
