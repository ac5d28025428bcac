// Query parameters of the history endpoints (spec scores-api.md §1.3.2, §6.4, §7 V3.5).
#include <gtest/gtest.h>

#include "request_params.h"

namespace ntpmon::web {
namespace {

TEST(WebRequestParams, Limit) {
  struct Case {
    std::optional<std::string_view> in;
    int out;
  };
  const Case cases[] = {
      {std::nullopt, 100}, {"", 100},     {"abc", 100},   {"-3", 100},   {"0", 0},     {"1", 1},
      {"+7", 7},           {"10000", 10000}, {"10001", 10000}, {"99999999999999999999", 100},
      {"12abc", 100},      {" 5", 100},   {"4000", 4000}, {"+-1", 100},  {"-0", 0},
  };
  for (const Case& c : cases) EXPECT_EQ(parse_limit(c.in), c.out) << c.in.value_or("(absent)");
}

TEST(WebRequestParams, Since) {
  EXPECT_EQ(parse_since("1747699200"), 1747699200);
  EXPECT_EQ(parse_since("abc"), std::nullopt);
  EXPECT_EQ(parse_since("0"), std::nullopt);
  EXPECT_EQ(parse_since("-5"), std::nullopt);
  EXPECT_EQ(parse_since(std::nullopt), std::nullopt);
}

TEST(WebRequestParams, MonitorSelector) {
  using K = MonitorSelector::Kind;
  EXPECT_EQ(parse_monitor_selector(std::nullopt).kind, K::default_scorer);
  EXPECT_EQ(parse_monitor_selector("").kind, K::default_scorer);
  EXPECT_EQ(parse_monitor_selector("*").kind, K::all);
  EXPECT_EQ(parse_monitor_selector("0").kind, K::all);
  auto id = parse_monitor_selector("22");
  EXPECT_EQ(id.kind, K::id);
  EXPECT_EQ(id.id, 22u);
  EXPECT_EQ(parse_monitor_selector("4294967296").kind, K::name);  // beyond uint32
  EXPECT_EQ(parse_monitor_selector("-1").kind, K::name);
  auto name = parse_monitor_selector("defra1-1gw2pjj");
  EXPECT_EQ(name.kind, K::name);
  EXPECT_EQ(name.name, "defra1-1gw2pjj");
  EXPECT_TRUE(is_acceptable_monitor_name("defra1-1gw2pjj"));
  for (const char* bad : {"defra1-1gw2pjj.test", "a_b", "a%", "a b", "a\tb", "a\nb"}) {
    EXPECT_FALSE(is_acceptable_monitor_name(bad)) << bad;
  }
}

TEST(WebRequestParams, QueryStringDecoding) {
  QueryParams q("monitor=%2A&limit=5&limit=7&x&bad=%zz&semi=1;2&sp=a+b%20c");
  EXPECT_EQ(q.get("monitor"), "*");
  EXPECT_EQ(q.get("limit"), "5");  // the first value
  EXPECT_EQ(q.get("x"), "");
  EXPECT_EQ(q.get("bad"), std::nullopt);
  EXPECT_EQ(q.get("semi"), std::nullopt);
  EXPECT_EQ(q.get("sp"), "a b c");
  EXPECT_EQ(q.get("missing"), std::nullopt);
}

TEST(WebRequestParams, PercentCoding) {
  EXPECT_EQ(percent_decode("2001%3Adb8%3A%3A1", false), "2001:db8::1");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("%4", false), std::nullopt);
  EXPECT_EQ(percent_decode("%g0", false), std::nullopt);
  EXPECT_EQ(percent_encode_segment("2001:db8::1"), "2001:db8::1");
  EXPECT_EQ(percent_encode_segment("fe80::1%eth0"), "fe80::1%25eth0");
  EXPECT_EQ(percent_encode_segment("a b/c"), "a%20b%2Fc");
}

TEST(WebRequestParams, Booleans) {
  EXPECT_EQ(parse_go_bool("1"), true);
  EXPECT_EQ(parse_go_bool("True"), true);
  EXPECT_EQ(parse_go_bool("f"), false);
  EXPECT_EQ(parse_go_bool("yes"), std::nullopt);
  EXPECT_TRUE(perl_true("1"));
  EXPECT_TRUE(perl_true("yes"));
  EXPECT_FALSE(perl_true("0"));
  EXPECT_FALSE(perl_true(""));
  EXPECT_FALSE(perl_true(std::nullopt));
}

}  // namespace
}  // namespace ntpmon::web
