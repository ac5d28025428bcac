// Display names (§1.3.4), attributes (§6.3) and deletion horizons (§6.3).
#include <gtest/gtest.h>

#include "display_name.h"
#include "score_attributes.h"
#include "server_model.h"
#include "time_text.h"

namespace ntpmon::web {
namespace {

TEST(WebModel, DisplayNames) {
  EXPECT_EQ(monitor_display_name("defra1-1gw2pjj.test.mon.ntppool.dev", "defra", 21), "defra1-1gw2pjj");
  EXPECT_EQ(monitor_display_name("recentmedian.scores.ntp.dev", "", 1), "recentmedian");
  EXPECT_EQ(monitor_display_name("nodots", "", 5), "nodots");
  EXPECT_EQ(monitor_display_name(".leading", "", 5), ".leading");
  EXPECT_EQ(monitor_display_name(std::nullopt, "sgsin", 24), "sgsin (24)");
  EXPECT_EQ(monitor_display_name("", "sgsin", 24), "sgsin (24)");
  EXPECT_EQ(monitor_display_name(std::nullopt, "", 24), "24");
}

TEST(WebModel, Attributes) {
  struct Case {
    const char* json;
    bool ok;
    int leap;
    const char* error;
  };
  const Case cases[] = {
      {"", true, 0, ""},
      {"null", true, 0, ""},
      {"{\"leap\":1}", true, 1, ""},
      {"{\"leap\":3,\"error\":\"kiss of death \\\"RATE\\\", backing off\"}", true, 3,
       "kiss of death \"RATE\", backing off"},
      {"{\"error\":\"net\\u0001work unreachable\"}", true, 0, "net\x01work unreachable"},
      {"{\"from_ls_id\":1001,\"from_ss_id\":501}", true, 0, ""},
      {"{\"leap\":\"1\",\"error\":7}", true, 0, ""},  // wrong types are ignored
      {"{\"leap\":300}", true, 0, ""},
      {"{not json", false, 0, ""},
      {"[1,2]", false, 0, ""},
  };
  for (const Case& c : cases) {
    auto a = parse_score_attributes(c.json);
    ASSERT_EQ(a.has_value(), c.ok) << c.json;
    if (!a) continue;
    EXPECT_EQ(a->leap, c.leap) << c.json;
    EXPECT_EQ(a->error, c.error) << c.json;
  }
  auto invalid_utf8 = parse_score_attributes("{\"error\":\"bad\xff\"}");
  ASSERT_TRUE(invalid_utf8.has_value());
  EXPECT_EQ(invalid_utf8->error, "bad\xef\xbf\xbd");
}

TEST(WebModel, AttributesWithoutLeapOrErrorSkipTheParser) {
  // The scorer's rows: nothing to read.
  auto a = parse_score_attributes("{\"from_ls_id\":1003,\"from_ss_id\":501}");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->leap, 0);
  EXPECT_EQ(a->error, "");
  // An escape could spell a key: parsed ("le\u0061p" is "leap").
  auto escaped = parse_score_attributes("{\"le\\u0061p\":2}");
  ASSERT_TRUE(escaped.has_value());
  EXPECT_EQ(escaped->leap, 2);
  // Not object-shaped: parsed, and reported.
  EXPECT_FALSE(parse_score_attributes("garbage").has_value());
  EXPECT_FALSE(parse_score_attributes("{\"leap\":").has_value());
}

TEST(WebModel, TimeTexts) {
  EXPECT_EQ(format_sql_datetime(0), "1970-01-01 00:00:00");
  EXPECT_EQ(format_sql_datetime(1748778900), "2025-06-01 11:55:00");
  EXPECT_EQ(format_sql_datetime(-1), "1969-12-31 23:59:59");
  EXPECT_EQ(format_sql_datetime(253402300799), "9999-12-31 23:59:59");
  EXPECT_EQ(format_rfc3339_utc(1748778330), "2025-06-01T11:45:30Z");
  EXPECT_EQ(format_iso_local(1748778330), "2025-06-01T11:45:30");
  EXPECT_EQ(format_long_date(1749600000), "June 11, 2025");
  EXPECT_EQ(format_hour_minute(1748778330), "11:45");
  EXPECT_EQ(format_date(1748778330), "2025-06-01");
}

TEST(WebModel, DeletionHorizons) {
  const std::chrono::sys_seconds now{std::chrono::seconds{1748779200}};  // 2025-06-01 12:00
  ServerInfo s;
  EXPECT_FALSE(deleted_beyond(s, DeletionHorizon::api, now));
  auto date = [](int y, unsigned m, unsigned d) {
    using namespace std::chrono;
    return sys_days{year{y} / month{m} / day{d}}.time_since_epoch().count() * 86400;
  };
  struct Case {
    std::int64_t deletion;
    DeletionHorizon horizon;
    bool beyond;
  };
  const Case cases[] = {
      {date(2025, 4, 1), DeletionHorizon::api, true},     // V2.4: 61 days
      {date(2025, 5, 3), DeletionHorizon::api, false},    // 29.5 days
      {date(2025, 5, 1), DeletionHorizon::api, true},
      {date(2025, 7, 1), DeletionHorizon::api, false},    // in the future
      {date(2025, 5, 26), DeletionHorizon::graph, false},  // 6.5 days
      {date(2025, 5, 25), DeletionHorizon::graph, true},   // 7.5 days
      {date(2024, 12, 2), DeletionHorizon::page_history, false},
      {date(2024, 11, 30), DeletionHorizon::page_history, true},
      {date(2022, 6, 2), DeletionHorizon::page, false},
      {date(2022, 5, 31), DeletionHorizon::page, true},
  };
  for (const Case& c : cases) {
    s.deletion_on = c.deletion;
    EXPECT_EQ(deleted_beyond(s, c.horizon, now), c.beyond) << c.deletion << " horizon " << static_cast<int>(c.horizon);
  }
}

}  // namespace
}  // namespace ntpmon::web
