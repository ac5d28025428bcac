#include "ntp/timestamp.h"

#include <gtest/gtest.h>

namespace ntpmon::ntp {
namespace {

using std::chrono::nanoseconds;
using std::chrono::seconds;

SysTime unix_time(std::int64_t secs, std::int64_t ns = 0) { return SysTime{seconds{secs} + nanoseconds{ns}}; }

// 2036-02-07T06:28:16Z: NTP seconds wrap to 0 (start of era 1).
constexpr std::int64_t kEra1StartUnix = (std::int64_t{1} << 32) - kNtpToUnixSeconds;

TEST(NtpTimestamp, KnownEpochs) {
  EXPECT_EQ(to_ntp(unix_time(0)), Timestamp::from_parts(2'208'988'800U, 0));
  EXPECT_EQ(to_ntp(unix_time(-kNtpToUnixSeconds)), Timestamp::from_parts(0, 0));  // 1900-01-01
  EXPECT_EQ(kEra1StartUnix, 2'085'978'496);
  EXPECT_EQ(to_ntp(unix_time(kEra1StartUnix)), Timestamp::from_parts(0, 0));
  EXPECT_EQ(to_ntp(unix_time(kEra1StartUnix - 1, 500'000'000)), Timestamp::from_parts(0xffff'ffffU, 0x8000'0000U));
  // 2025-01-01T00:00:00Z
  EXPECT_EQ(to_ntp(unix_time(1'735'689'600)), Timestamp::from_parts(3'944'678'400U, 0));
}

TEST(NtpTimestamp, Eras) {
  EXPECT_EQ(ntp_era(unix_time(0)), 0);
  EXPECT_EQ(ntp_era(unix_time(kEra1StartUnix - 1)), 0);
  EXPECT_EQ(ntp_era(unix_time(kEra1StartUnix)), 1);
  EXPECT_EQ(ntp_era(unix_time(-kNtpToUnixSeconds - 1)), -1);
}

TEST(NtpTimestamp, FractionConversion) {
  EXPECT_EQ(ns_to_fraction(0), 0U);
  EXPECT_EQ(ns_to_fraction(500'000'000), 0x8000'0000U);
  EXPECT_EQ(ns_to_fraction(250'000'000), 0x4000'0000U);
  EXPECT_EQ(ns_to_fraction(1), 4U);  // 4.295 -> 4
  EXPECT_EQ(ns_to_fraction(999'999'999), 0xffff'fffcU);  // 4294967291.7 -> ...292
  EXPECT_EQ(fraction_to_ns(0x8000'0000U), 500'000'000);
  EXPECT_EQ(fraction_to_ns(1), 0);  // 0.23 ns
  EXPECT_EQ(fraction_to_ns(0xffff'ffffU), 1'000'000'000);  // 999999999.77 -> rounds up
  // 2^-32 s is finer than 1 ns, so ns -> fraction -> ns is exact.
  for (std::int64_t ns : {0LL, 1LL, 2LL, 3LL, 7LL, 123'456'789LL, 499'999'999LL, 500'000'001LL, 999'999'998LL,
                          999'999'999LL}) {
    EXPECT_EQ(fraction_to_ns(ns_to_fraction(ns)), ns) << ns;
  }
}

TEST(NtpTimestamp, RoundTripNearPivot) {
  for (std::int64_t s : {std::int64_t{0}, std::int64_t{1'735'689'600}, kEra1StartUnix - 1, kEra1StartUnix,
                         kEra1StartUnix + 86'400, std::int64_t{-1'000'000'000}}) {
    for (std::int64_t ns : {0LL, 1LL, 999'999'999LL, 123'456'789LL}) {
      const SysTime t = unix_time(s, ns);
      EXPECT_EQ(from_ntp(to_ntp(t), t), t) << s << "." << ns;
      EXPECT_EQ(from_ntp(to_ntp(t), t + seconds(1'000'000'000)), t) << s;  // 31 years off
      EXPECT_EQ(from_ntp(to_ntp(t), t - seconds(1'000'000'000)), t) << s;
    }
  }
}

TEST(NtpTimestamp, EraChosenByPivot) {
  // Just after the 2036 rollover, seen from a pivot just before it, and vice versa.
  const Timestamp after = Timestamp::from_parts(5, 0);
  const Timestamp before = Timestamp::from_parts(0xffff'fffbU, 0);
  const SysTime pivot_before = unix_time(kEra1StartUnix - 10);
  const SysTime pivot_after = unix_time(kEra1StartUnix + 10);
  EXPECT_EQ(from_ntp(after, pivot_before), unix_time(kEra1StartUnix + 5));
  EXPECT_EQ(from_ntp(before, pivot_after), unix_time(kEra1StartUnix - 5));
  EXPECT_EQ(from_ntp(after, pivot_after), unix_time(kEra1StartUnix + 5));
  // Half an era away is the limit.
  EXPECT_EQ(from_ntp(Timestamp::from_parts(0x8000'0000U, 0), unix_time(-kNtpToUnixSeconds)),
            unix_time(-kNtpToUnixSeconds + 0x8000'0000LL));
}

TEST(NtpTimestamp, EraWithoutPivotFollowsRfc4330) {
  // Top bit set: era 0 (1968-2036); clear: era 1 (2036-2104).
  EXPECT_EQ(from_ntp(Timestamp::from_parts(0x8000'0000U, 0)), unix_time(0x8000'0000LL - kNtpToUnixSeconds));
  EXPECT_EQ(from_ntp(Timestamp::from_parts(3'944'678'400U, 0)), unix_time(1'735'689'600));
  EXPECT_EQ(from_ntp(Timestamp::from_parts(0, 0)), unix_time(kEra1StartUnix));
  EXPECT_EQ(from_ntp(Timestamp::from_parts(0x7fff'ffffU, 0)), unix_time(kEra1StartUnix + 0x7fff'ffffLL));
}

TEST(NtpTimestamp, DifferenceIsEraSafe) {
  const Timestamp a = Timestamp::from_parts(0, 0x4000'0000U);            // era 1, +0.25 s
  const Timestamp b = Timestamp::from_parts(0xffff'ffffU, 0xc000'0000U);  // era 0, -0.25 s
  EXPECT_EQ(difference(a, b), nanoseconds(500'000'000));
  EXPECT_EQ(difference(b, a), nanoseconds(-500'000'000));
  EXPECT_EQ(difference(a, a), nanoseconds(0));
  const Timestamp x = Timestamp::from_parts(100, 0);
  EXPECT_EQ(difference(Timestamp::from_parts(100 + 0x7fff'ffffU, 0), x), seconds(0x7fff'ffffLL));
  EXPECT_EQ(difference(Timestamp::from_parts(99, 0xffff'ffffU), x), nanoseconds(0));  // -0.23 ns rounds to 0
  EXPECT_EQ(difference(Timestamp::from_parts(99, 0x8000'0000U), x), nanoseconds(-500'000'000));
}

TEST(NtpShortTime, Conversion) {
  EXPECT_EQ(to_duration(ShortTime{0x0001'0000}), seconds(1));
  EXPECT_EQ(to_duration(ShortTime{0x0000'8000}), nanoseconds(500'000'000));
  EXPECT_EQ(to_duration(ShortTime{0x0000'0001}), nanoseconds(15'259));  // 15258.789 ns
  EXPECT_EQ(to_duration(ShortTime{0x0000'0180}), nanoseconds(5'859'375));
  EXPECT_EQ(to_duration(ShortTime{0xffff'ffff}), nanoseconds(65'535'999'984'741));
  EXPECT_EQ(ShortTime{0x1234'5678}.seconds(), 0x1234);
  EXPECT_EQ(ShortTime{0x1234'5678}.fraction(), 0x5678);
  EXPECT_EQ(to_short(seconds(1)).raw, 0x0001'0000U);
  EXPECT_EQ(to_short(nanoseconds(5'859'375)).raw, 0x0000'0180U);
  EXPECT_EQ(to_short(nanoseconds(-5)).raw, 0U);
  EXPECT_EQ(to_short(seconds(100'000)).raw, 0xffff'ffffU);
}

TEST(NtpTimestamp, Log2Seconds) {
  EXPECT_EQ(log2_seconds(0), seconds(1));
  EXPECT_EQ(log2_seconds(6), seconds(64));
  EXPECT_EQ(log2_seconds(-1), nanoseconds(500'000'000));
  EXPECT_EQ(log2_seconds(-20), nanoseconds(954));
  EXPECT_EQ(log2_seconds(-40), nanoseconds(0));
  EXPECT_EQ(log2_seconds(33), seconds(std::int64_t{1} << 33));
  EXPECT_EQ(log2_seconds(127), nanoseconds::max());
}

}  // namespace
}  // namespace ntpmon::ntp
