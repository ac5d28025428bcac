// proto3 JSON forms of bytes, Timestamp and Duration (lib/api/proto_json.h).
#include <gtest/gtest.h>

#include "api/proto_json.h"

namespace ntpmon::api {
namespace {

TEST(ApiBase64, RoundTripsEveryLength) {
  std::string bytes;
  for (int n = 0; n < 40; ++n) {
    EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes) << n;
    bytes += static_cast<char>(n * 37 + 200);
  }
}

TEST(ApiBase64, KnownValues) {
  EXPECT_EQ(base64_encode(std::string("\xc0\x00\x02\x01", 4)), "wAACAQ==");
  EXPECT_EQ(base64_decode("wAACAQ=="), std::string("\xc0\x00\x02\x01", 4));
  EXPECT_EQ(base64_decode("wAACAQ"), std::string("\xc0\x00\x02\x01", 4));  // padding optional
  EXPECT_EQ(base64_decode("-_8"), std::string("\xfb\xff", 2));              // URL-safe alphabet
}

TEST(ApiBase64, RejectsGarbage) {
  for (const char* bad : {"!!!!", "a", "ab=c", "wAACAQ=", "wAACAR==", "abc==="}) {
    EXPECT_THROW(base64_decode(bad), std::invalid_argument) << bad;
  }
}

struct TimestampCase {
  const char* text;
  std::int64_t seconds;
  std::int32_t nanos;
};

TEST(ApiTimestamp, Parses) {
  for (const auto& c : {TimestampCase{"1970-01-01T00:00:00Z", 0, 0},
                        TimestampCase{"2026-01-02T03:04:05.123Z", 1767323045, 123000000},
                        TimestampCase{"2026-01-02T03:04:05.000000001Z", 1767323045, 1},
                        TimestampCase{"2026-01-02T05:04:05+02:00", 1767323045, 0},
                        TimestampCase{"2026-01-02t03:04:05z", 1767323045, 0},
                        TimestampCase{"0001-01-01T00:00:00Z", kMinTimestampSeconds, 0}}) {
    auto t = parse_timestamp(c.text);
    EXPECT_EQ(t.seconds, c.seconds) << c.text;
    EXPECT_EQ(t.nanos, c.nanos) << c.text;
  }
}

TEST(ApiTimestamp, FormatsAsProtojson) {
  EXPECT_EQ(format_timestamp({1767323045, 0}), "2026-01-02T03:04:05Z");
  EXPECT_EQ(format_timestamp({1767323045, 120000000}), "2026-01-02T03:04:05.120Z");
  EXPECT_EQ(format_timestamp({1767323045, 1000}), "2026-01-02T03:04:05.000001Z");
  EXPECT_EQ(format_timestamp({1767323045, 5}), "2026-01-02T03:04:05.000000005Z");
}

TEST(ApiTimestamp, RejectsBadText) {
  for (const char* bad : {"", "2026-01-02", "2026-01-02T03:04:05", "2026-02-30T00:00:00Z", "2026-01-02T24:00:00Z",
                          "2026-01-02T03:04:05.Z", "2026-01-02T03:04:05.1234567890Z", "2026-01-02T03:04:05Zjunk",
                          "0000-01-01T00:00:00Z", "20x6-01-02T03:04:05Z", "2026-01-02T03:04:05+25:00"}) {
    EXPECT_THROW(parse_timestamp(bad), std::invalid_argument) << bad;
  }
}

TEST(ApiDuration, ParsesAndFormats) {
  EXPECT_EQ(parse_duration("1.5s"), (Duration{1, 500000000}));
  EXPECT_EQ(parse_duration("-0.05s"), (Duration{0, -50000000}));
  EXPECT_EQ(parse_duration("3s"), (Duration{3, 0}));
  EXPECT_EQ(format_duration({0, -50000000}), "-0.050s");
  EXPECT_EQ(format_duration({1, 340012}), "1.000340012s");
  EXPECT_EQ(format_duration({0, 0}), "0s");
  EXPECT_EQ(Duration::from(std::chrono::milliseconds(-1500)), (Duration{-1, -500000000}));
  EXPECT_EQ(parse_duration("0.0125s").to_nanoseconds(), std::chrono::microseconds(12500));
}

TEST(ApiDuration, RejectsBadText) {
  for (const char* bad : {"", "s", "1", "1.s", "1.5", "1e3s", "--1s", "315576000001s", "1.0000000001s", "1.5ms"}) {
    EXPECT_THROW(parse_duration(bad), std::invalid_argument) << bad;
  }
  EXPECT_FALSE((Duration{315576000000, 0}).fits_nanoseconds());
  EXPECT_TRUE((Duration{9'000'000'000, 0}).fits_nanoseconds());
}

}  // namespace
}  // namespace ntpmon::api
