// Number formats of spec scores-api.md §2.3 (N9), §3.1 (JSON), §3.3/§3.4 (rounding), §4.4/§4.5
// (toFixed).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "number_format.h"

namespace ntpmon::web {
namespace {

struct Case {
  double value;
  const char* expected;
};

TEST(WebNumberFormat, N9MatchesSpecExamples) {
  const Case cases[] = {
      {20, "20"},           {19.96, "19.96"},        {0.000412, "0.000412"}, {-7e-7, "-0.0000007"},
      {1e-10, "0"},         {-4e-10, "-0"},          {12345 / 1000.0, "12.345"}, {0.1, "0.1"},
      {0.10000000149011612, "0.100000001"}, {-5, "-5"}, {21.345, "21.345"}, {0, "0"},
      {1e22, "10000000000000000000000"},  {45.678, "45.678"}, {0.187, "0.187"},
  };
  for (const Case& c : cases) EXPECT_EQ(format_n9(c.value), c.expected) << c.value;
}

TEST(WebNumberFormat, JsonShortestForm) {
  const Case cases[] = {
      {20, "20"},         {19.96, "19.96"},   {-7e-7, "-7e-7"},  {-4e-10, "-4e-10"}, {1.5e21, "1.5e+21"},
      {0.000412, "0.000412"}, {1e-6, "0.000001"}, {9.99e-7, "9.99e-7"}, {0, "0"},   {-0.0, "-0"},
      {1e20, "100000000000000000000"}, {1e21, "1e+21"}, {22.932499999999997, "22.932499999999997"},
      {1.25e-15, "1.25e-15"}, {123456789.125, "123456789.125"},
  };
  for (const Case& c : cases) EXPECT_EQ(format_json_number(c.value), c.expected) << c.value;
  EXPECT_EQ(format_json_number(std::nan("")), "null");
}

TEST(WebNumberFormat, RoundHalfAwayFromZero) {
  EXPECT_EQ(round_half_away(14.25, 1), 14.3);
  EXPECT_EQ(round_half_away(19.96, 1), 20);
  EXPECT_EQ(round_half_away(19.13, 1), 19.1);
  EXPECT_EQ(round_half_away(-14.25, 1), -14.3);
  EXPECT_EQ(round_half_away(10.86, 1), 10.9);
  EXPECT_EQ(format_json_number(round_half_away(19.13, 12)), "19.13");
  EXPECT_EQ(format_json_number(round_half_away(19.959999084472656, 12)), "19.959999084473");
}

TEST(WebNumberFormat, PrintfOneDecimalTiesToEven) {
  EXPECT_EQ(printf_one_decimal(14.25), 14.2);  // exact binary tie
  EXPECT_EQ(printf_one_decimal(19.96), 20);
  EXPECT_EQ(printf_one_decimal(19.13), 19.1);
  EXPECT_EQ(printf_one_decimal(14.35), 14.3);  // 14.3499999... in binary
  EXPECT_EQ(format_fixed1(19.13), "19.1");
  EXPECT_EQ(format_fixed1(5.2), "5.2");
}

TEST(WebNumberFormat, JsToFixedRoundsExactTiesAwayFromZero) {
  struct FixedCase {
    double value;
    int digits;
    const char* expected;
  };
  const FixedCase cases[] = {
      {0.25, 1, "0.3"},  {-0.25, 1, "-0.3"}, {2.5, 0, "3"},   {-2.5, 0, "-3"},  {1.005, 2, "1.00"},
      {14.25, 1, "14.3"}, {0.35, 1, "0.3"},  {9.95, 1, "9.9"}, {99.5, 0, "100"}, {-0.04, 1, "-0.0"},
      {-0.0, 1, "0.0"},  {20.6725, 1, "20.7"}, {1000, 0, "1000"}, {0.5, 0, "1"}, {-9.5, 0, "-10"},
  };
  for (const FixedCase& c : cases) EXPECT_EQ(js_to_fixed(c.value, c.digits), c.expected) << c.value;
}

TEST(WebNumberFormat, JsNumberTextAndCoordinates) {
  EXPECT_EQ(js_number_text(19.1), "19.1");
  EXPECT_EQ(js_number_text(20), "20");
  EXPECT_EQ(js_number_text(-0.0), "0");
  EXPECT_EQ(js_number_text(1e-7), "1e-7");
  EXPECT_EQ(format_coordinate(8.517), "8.52");
  EXPECT_EQ(format_coordinate(275), "275");
  EXPECT_EQ(format_coordinate(-0.001), "0");
  EXPECT_EQ(format_coordinate(80.6667), "80.67");
}

}  // namespace
}  // namespace ntpmon::web
