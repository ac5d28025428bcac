// The runtime of the generated code: datetime/date text, integer range checks, errors.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "sqlrt/convert.h"
#include "sqlrt/errors.h"
#include "sqlrt/time.h"

namespace ntpmon::sqlrt {
namespace {

using namespace std::chrono;

template <class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const conversion_error& e) {
    return e.what();
  }
  return "no error";
}

TEST(SqlrtTime, ParsesDatetimes) {
  sys_seconds want = sys_days{2024y / 2 / 29} + 23h + 59min + 58s;
  EXPECT_EQ(parse_datetime("2024-02-29 23:59:58"), want);
  EXPECT_EQ(parse_datetime("2024-02-29T23:59:58"), want);
  EXPECT_EQ(parse_datetime("2024-02-29 23:59:58.999999"), want);  // truncated, not rounded
  EXPECT_EQ(parse_datetime_micros("2024-02-29 23:59:58.000001"), sys_micros{want} + 1us);
  EXPECT_EQ(parse_datetime_micros("2024-02-29 23:59:58.5"), sys_micros{want} + 500000us);
  EXPECT_EQ(parse_datetime_micros("2024-02-29 23:59:58"), sys_micros{want});
  EXPECT_EQ(parse_datetime("1969-12-31 23:59:59"), sys_seconds{-1s});
  EXPECT_EQ(parse_date("1999-12-31"), sys_days{1999y / 12 / 31});
}

TEST(SqlrtTime, RejectsBadText) {
  for (const char* bad : {"", "2024-02-30 00:00:00", "0000-00-00 00:00:00", "2024-13-01 00:00:00",
                          "2024-01-01 24:00:00", "2024-01-01 00:60:00", "2024-01-01 00:00:60", "2024-01-01",
                          "2024-01-01 00:00:00.", "2024-01-01 00:00:00.1234567", "2024-01-01 00:00:00Z",
                          "2024/01/01 00:00:00", "20240101 000000"}) {
    EXPECT_THROW(parse_datetime_micros(bad), conversion_error) << bad;
  }
  EXPECT_THROW(parse_date("2023-02-29"), conversion_error);
  EXPECT_THROW(parse_date("2023-02-01 00:00:00"), conversion_error);
  EXPECT_EQ(error_of([] { parse_datetime("0000-00-00 00:00:00", FieldRef{"GetHost", "created_on"}); }),
            "GetHost.created_on: invalid datetime '0000-00-00 00:00:00'");
  EXPECT_EQ(error_of([] { parse_date("x"); }), "invalid date 'x'");
}

TEST(SqlrtTime, FormatsForBinding) {
  sys_seconds t = sys_days{2001y / 9 / 9} + 1h + 46min + 40s;
  EXPECT_EQ(format_datetime(t), "2001-09-09 01:46:40");
  EXPECT_EQ(format_datetime(sys_micros{t} + 7us), "2001-09-09 01:46:40.000007");
  EXPECT_EQ(format_datetime(sys_micros{t}), "2001-09-09 01:46:40.000000");
  EXPECT_EQ(format_datetime(sys_seconds{-1s}), "1969-12-31 23:59:59");
  EXPECT_EQ(format_datetime(sys_micros{-1us}), "1969-12-31 23:59:59.999999");
  EXPECT_EQ(format_date(sys_days{2020y / 1 / 2}), "2020-01-02");
  EXPECT_THROW(format_datetime(sys_seconds{sys_days{10000y / 1 / 1}}), conversion_error);
  for (auto text : {"1970-01-01 00:00:00.000000", "2038-01-19 03:14:08.123456", "9999-12-31 23:59:59.999999"}) {
    EXPECT_EQ(format_datetime(parse_datetime_micros(text)), text);
  }
}

TEST(SqlrtConvert, ParsesIntegersWithRangeChecks) {
  EXPECT_EQ(parse_integer<std::uint8_t>("255"), 255);
  EXPECT_EQ(parse_integer<std::int8_t>("-128"), -128);
  EXPECT_EQ(parse_integer<std::uint64_t>("18446744073709551615"), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(parse_integer<std::int64_t>("-9223372036854775808"), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(parse_integer<std::uint32_t>("4294967295"), 4294967295u);
  EXPECT_TRUE(parse_integer<bool>("1"));
  EXPECT_TRUE(parse_integer<bool>("-3"));
  EXPECT_FALSE(parse_integer<bool>("0"));
  EXPECT_EQ(error_of([] { parse_integer<std::uint8_t>("256", FieldRef{"Q", "level"}); }),
            "Q.level: value 256 is out of range for uint8 (0..255)");
  EXPECT_EQ(error_of([] { parse_integer<std::uint32_t>("-1"); }), "'-1' is not a valid uint32");
  EXPECT_EQ(error_of([] { parse_integer<std::int16_t>("40000"); }),
            "value 40000 is out of range for int16 (-32768..32767)");
  EXPECT_EQ(error_of([] { parse_integer<std::int32_t>("12x"); }), "'12x' is not a valid int32");
  EXPECT_EQ(error_of([] { parse_integer<std::int32_t>(""); }), "'' is not a valid int32");
  EXPECT_EQ(error_of([] { parse_integer<std::int64_t>("1.5"); }), "'1.5' is not a valid int64");
}

TEST(SqlrtConvert, NarrowChecksTheRange) {
  EXPECT_EQ(narrow<std::uint16_t>(65535LL), 65535);
  EXPECT_EQ(narrow<std::int32_t>(std::uint64_t{7}), 7);
  EXPECT_EQ(error_of([] { narrow<std::uint32_t>(-1LL, FieldRef{"Q", "c"}); }),
            "Q.c: value -1 is out of range for uint32 (0..4294967295)");
  EXPECT_EQ(error_of([] { narrow<std::int64_t>(std::numeric_limits<std::uint64_t>::max()); }),
            "value 18446744073709551615 is out of range for int64 (-9223372036854775808..9223372036854775807)");
}

TEST(SqlrtConvert, ParsesDoubles) {
  EXPECT_EQ(parse_double("-0.5"), -0.5);
  EXPECT_EQ(parse_double("1e-05"), 1e-05);
  EXPECT_EQ(parse_double("12.3400"), 12.34);
  EXPECT_EQ(parse_double("1.7976931348623157e308"), std::numeric_limits<double>::max());
  EXPECT_EQ(error_of([] { parse_double("abc", FieldRef{"Q", "x"}); }), "Q.x: 'abc' is not a valid double");
}

TEST(SqlrtErrors, EnumParseErrorMessage) {
  try {
    throw_enum_parse_error("monitors.status", "bogus", {"active", "paused"});
  } catch (const enum_parse_error& e) {
    EXPECT_STREQ(e.what(), "invalid value 'bogus' for monitors.status (expected one of: active, paused)");
    EXPECT_EQ(e.table_column(), "monitors.status");
    EXPECT_EQ(e.value(), "bogus");
  }
}

}  // namespace
}  // namespace ntpmon::sqlrt
