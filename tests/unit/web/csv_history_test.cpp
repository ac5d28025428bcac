// The CSV bodies of spec scores-api.md §7 rendered from the fixture rows, byte for byte.
#include <gtest/gtest.h>

#include "csv_history.h"
#include "fixture_rows.h"
#include "spec_vectors.h"

namespace ntpmon::web {
namespace {

using test::rows;

TEST(WebCsvHistory, SpecVectors) {
  struct Case {
    const char* name;
    std::vector<HistoryEntry> rows;
    std::string_view expected;
  };
  const Case cases[] = {
      {"V1.1", rows({1005, 1004, 1003}), test::kV1_1},
      {"V1.4", rows({1004}), test::kV1_4},
      {"V2.1", rows({2002, 2001}), test::kV2_1},
      {"V3.1", {}, test::kV3_1},
      {"V3.3", rows({3001, 3002, 3003}), test::kV3_3},
  };
  for (const Case& c : cases) EXPECT_EQ(render_history_csv(c.rows), c.expected) << c.name;
}

TEST(WebCsvHistory, EmptyHistoryIsTheHeaderLine) {
  EXPECT_EQ(render_history_csv({}), std::string(kCsvHeader) + "\n");
}

TEST(WebCsvHistory, LeapZeroIsEmptyAndNegativeLeapIsWritten) {
  HistoryEntry e = test::ls(1001);
  e.leap = -1;
  EXPECT_EQ(render_history_csv(std::vector{e}),
            std::string(kCsvHeader) + "\n1748778000,2025-06-01 11:40:00,0.000412,1,19.4,21,defra1-1gw2pjj,21.345,-1,\n");
}

TEST(WebCsvHistory, QuotesMonitorNamesThatNeedIt) {
  HistoryEntry e = test::ls(1002);
  e.monitor_name = "a, b";
  std::string body = render_history_csv(std::vector{e});
  EXPECT_NE(body.find(",1,\"a, b\",,,\n"), std::string::npos) << body;
}

}  // namespace
}  // namespace ntpmon::web
