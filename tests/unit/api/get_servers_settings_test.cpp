// system_settings 'monitors' (spec/api.md §4.4 step 2, scorer.md §3.1 step 3).
#include <gtest/gtest.h>

#include "get_servers_settings.h"

namespace ntpmon::monitor_api {
namespace {

using namespace std::chrono;

TEST(ApiGetServersSettings, DefaultsAndReplacements) {
  auto none = parse_get_servers_settings(std::nullopt);
  EXPECT_EQ(none.settings.interval_active, seconds(540));
  EXPECT_EQ(none.settings.interval_testing, seconds(2700));
  EXPECT_EQ(none.settings.interval_all, seconds(60));
  EXPECT_EQ(none.settings.batch_size, 10u);
  EXPECT_FALSE(none.problem.empty());

  auto custom = parse_get_servers_settings(
      R"({"interval_active":"2m","interval_testing":"1h30m","interval_all":15,"batch_size":25})");
  EXPECT_TRUE(custom.problem.empty()) << custom.problem;
  EXPECT_EQ(custom.settings.interval_active, minutes(2));
  EXPECT_EQ(custom.settings.interval_testing, minutes(90));
  EXPECT_EQ(custom.settings.interval_all, seconds(15));  // a number is seconds
  EXPECT_EQ(custom.settings.batch_size, 25u);

  auto low = parse_get_servers_settings(R"({"interval_active":"19s","interval_testing":"59s","interval_all":"9s","batch_size":0})");
  EXPECT_EQ(low.settings.interval_active, seconds(540));
  EXPECT_EQ(low.settings.interval_testing, seconds(2700));
  EXPECT_EQ(low.settings.interval_all, seconds(60));
  EXPECT_EQ(low.settings.batch_size, 10u);

  EXPECT_EQ(parse_get_servers_settings(R"({"batch_size":100000})").settings.batch_size, 500u);
}

TEST(ApiGetServersSettings, DevelopmentFloorsHonourShortIntervals) {
  const char* short_ones = R"({"interval_active":"5s","interval_testing":"5s","interval_all":"2s"})";
  auto dev = parse_get_servers_settings(short_ones, IntervalFloors::kDevelopment);
  EXPECT_EQ(dev.settings.interval_active, seconds(5));
  EXPECT_EQ(dev.settings.interval_testing, seconds(5));
  EXPECT_EQ(dev.settings.interval_all, seconds(2));
  auto prod = parse_get_servers_settings(short_ones);
  EXPECT_EQ(prod.settings.interval_testing, seconds(2700));
  // Zero is still "unset", also in development.
  auto zero = parse_get_servers_settings(R"({"interval_testing":0})", IntervalFloors::kDevelopment);
  EXPECT_EQ(zero.settings.interval_testing, seconds(2700));
}

TEST(ApiGetServersSettings, BadValuesKeepTheDefaultsAndSaySo) {
  auto bad = parse_get_servers_settings(R"({"interval_active":"soon","batch_size":"ten","interval_all":"20s"})");
  EXPECT_EQ(bad.settings.interval_active, seconds(540));
  EXPECT_EQ(bad.settings.batch_size, 10u);
  EXPECT_EQ(bad.settings.interval_all, seconds(20));  // what parsed is kept
  EXPECT_NE(bad.problem.find("interval_active"), std::string::npos);
  EXPECT_NE(bad.problem.find("batch_size"), std::string::npos);
  EXPECT_FALSE(parse_get_servers_settings("not json").problem.empty());
}

}  // namespace
}  // namespace ntpmon::monitor_api
