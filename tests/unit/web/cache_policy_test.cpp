// Cache-Control of history responses (spec scores-api.md §1.3.5, §6.4 D2).
#include <gtest/gtest.h>

#include "cache_policy.h"
#include "fixture_rows.h"

namespace ntpmon::web {
namespace {

const std::chrono::sys_seconds kNow{std::chrono::seconds{1748779200}};

TEST(WebCachePolicy, HistoryRules) {
  using test::rows;
  EXPECT_EQ(cache::for_history({}, kNow), "s-maxage=260,max-age=360");
  EXPECT_EQ(cache::for_history(rows({1004}), kNow), "s-maxage=60,max-age=35");
  EXPECT_EQ(cache::for_history(rows({1005, 1004, 1003}), kNow), "s-maxage=90,max-age=120");
  // Rows of 2025-05-20: more than 8 hours old.
  EXPECT_EQ(cache::for_history(rows({3001, 3002, 3003}), kNow), "s-maxage=260,max-age=360");
}

TEST(WebCachePolicy, StaleTestUsesTheNewestRowNotTheLast) {
  // Newest first, the last row 4 days old: not stale (the original looked at the last row).
  EXPECT_EQ(cache::for_history(test::rows({1005, 1006}), kNow), "s-maxage=90,max-age=120");
  // Exactly 8 hours old is not "more than 8 hours".
  HistoryEntry e = test::ls(1004);
  e.ts = 1748779200 - 8 * 3600;
  EXPECT_EQ(cache::for_history(std::vector{e}, kNow), "s-maxage=60,max-age=35");
  e.ts -= 1;
  EXPECT_EQ(cache::for_history(std::vector{e}, kNow), "s-maxage=260,max-age=360");
}

}  // namespace
}  // namespace ntpmon::web
