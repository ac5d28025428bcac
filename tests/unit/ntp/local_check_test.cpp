#include "ntp/local_check.h"

#include <gtest/gtest.h>

namespace ntpmon::ntp {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;

TEST(NtpLocalCheck, FailureThresholdAndMajority) {
  // n: threshold; spec §13 step 4: n=0 -> false; 1 -> 0; 2 -> 0; 3 -> 1; 4 -> 1; 5 -> 2; 6 -> 2.
  const int thresholds[] = {-1, 0, 0, 1, 1, 2, 2};
  for (int n = 0; n <= 6; ++n) EXPECT_EQ(local_check_failure_threshold(n), thresholds[n]) << n;
  EXPECT_FALSE(local_check_ok(0, 0));
  EXPECT_TRUE(local_check_ok(1, 0));
  EXPECT_FALSE(local_check_ok(1, 1));
  EXPECT_FALSE(local_check_ok(2, 1));
  EXPECT_TRUE(local_check_ok(3, 1));
  EXPECT_FALSE(local_check_ok(3, 2));
  EXPECT_TRUE(local_check_ok(5, 2));
  EXPECT_FALSE(local_check_ok(6, 3));
}

CheckResult probe(std::optional<nanoseconds> offset, std::uint8_t leap = 0, std::string error = {}) {
  CheckResult r;
  r.error = std::move(error);
  ServerStatus s;
  s.offset = offset;
  s.leap = leap;
  r.status = s;
  return r;
}

TEST(NtpLocalCheck, ProbeFailures) {
  EXPECT_EQ(local_check_probe_failure(probe(milliseconds(3))), "");
  EXPECT_EQ(local_check_probe_failure(probe(milliseconds(10))), "");  // strictly greater fails
  EXPECT_EQ(local_check_probe_failure(probe(-milliseconds(10))), "");
  EXPECT_EQ(local_check_probe_failure(probe(nanoseconds(10'000'001))), "offset too large: 10.000001ms");
  EXPECT_EQ(local_check_probe_failure(probe(-milliseconds(11))), "offset too large: -11ms");
  EXPECT_EQ(local_check_probe_failure(probe(milliseconds(1), 3)), "NotInSync");
  EXPECT_EQ(local_check_probe_failure(probe(milliseconds(50), 3)), "offset too large: 50ms");  // offset first
  EXPECT_EQ(local_check_probe_failure(probe(std::nullopt, 0, "network: i/o timeout")), "network: i/o timeout");
  EXPECT_EQ(local_check_probe_failure(probe(milliseconds(1), 0, "RATE")), "RATE");
  CheckResult none;
  EXPECT_FALSE(local_check_probe_failure(none).empty());
}

}  // namespace
}  // namespace ntpmon::ntp
