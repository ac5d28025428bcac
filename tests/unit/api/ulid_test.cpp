// Batch ids (lib/api/ulid.h).
#include <gtest/gtest.h>

#include "api/ulid.h"

namespace ntpmon::api {
namespace {

TEST(ApiUlid, KnownEncoding) {
  // Reference value of the ULID spec: time 1469918176385 ms.
  std::array<std::uint8_t, 10> random{};
  auto u = Ulid::from_parts(Ulid::Millis(std::chrono::milliseconds(1469918176385)), random);
  EXPECT_EQ(u.to_string().substr(0, 10), "01ARYZ6S41");
  EXPECT_EQ(u.to_string(), "01ARYZ6S410000000000000000");
  EXPECT_EQ(Ulid::parse("01ARYZ6S410000000000000000").time().time_since_epoch().count(), 1469918176385);
}

TEST(ApiUlid, RoundTripsAndKeepsTime) {
  auto now = std::chrono::system_clock::now();
  for (int i = 0; i < 100; ++i) {
    auto u = Ulid::generate(now);
    auto text = u.to_string();
    ASSERT_EQ(text.size(), kUlidTextLength);
    EXPECT_EQ(Ulid::parse(text), u);
    EXPECT_EQ(u.time(), std::chrono::floor<std::chrono::milliseconds>(now));
  }
  EXPECT_NE(Ulid::generate(now), Ulid::generate(now));
}

TEST(ApiUlid, ParsesLowerCaseToCanonicalText) {
  EXPECT_EQ(Ulid::parse("01aryz6s41tsv4rrffq69g5fav").to_string(), "01ARYZ6S41TSV4RRFFQ69G5FAV");
  EXPECT_EQ(Ulid::parse("7ZZZZZZZZZZZZZZZZZZZZZZZZZ").to_string(), "7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
}

TEST(ApiUlid, RejectsBadText) {
  for (const char* bad : {"", "01ARYZ6S41TSV4RRFFQ69G5FA", "01ARYZ6S41TSV4RRFFQ69G5FAVX", "01ARYZ6S41TSV4RRFFQ69G5FAU",
                          "01ARYZ6S41TSV4RRFFQ69G5FA!", "8ZZZZZZZZZZZZZZZZZZZZZZZZZ", "01ARYZ6S41TSV4RRFFQ69G5FAI"}) {
    EXPECT_THROW(Ulid::parse(bad), std::invalid_argument) << bad;
  }
}

}  // namespace
}  // namespace ntpmon::api
