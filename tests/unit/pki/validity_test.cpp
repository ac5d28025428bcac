// agent.md §8.4: renewal threshold and next check, with the spec's worked examples.

#include "pki/validity.h"

#include <gtest/gtest.h>

namespace ntpmon::pki {
namespace {

using namespace std::chrono_literals;
using std::chrono::days;
using std::chrono::floor;
using std::chrono::seconds;

// A fixed "now" on a whole second, so the expected durations are exact.
const Clock::time_point kNow = Clock::time_point{} + seconds{1'750'000'000};
const std::chrono::sys_seconds kNowS = floor<seconds>(kNow);

CertificateDates dates(seconds not_before_offset, seconds not_after_offset) {
  return {kNowS + not_before_offset, kNowS + not_after_offset};
}

TEST(PkiValidity, ThresholdIsOneThirdOfLifetime) {
  static_assert(RenewWhenRemainingFraction::num == 1 && RenewWhenRemainingFraction::den == 3);
  const CertificateDates d = dates(-2h, 10min);
  EXPECT_EQ(d.lifetime(), 130min);
  EXPECT_EQ(renewal_threshold(d), 43min + 20s);
  EXPECT_EQ(renew_after(d), kNowS + 10min - (43min + 20s));
}

TEST(PkiValidity, OneYearCertificateOneHourOldIsValid) {
  const auto check = check_validity(dates(-1h, days{365}), kNow);
  EXPECT_TRUE(check.have_certificate);
  EXPECT_TRUE(check.valid);
  EXPECT_GT(check.next_check, Clock::duration{0});
}

TEST(PkiValidity, TenMinutesLeftOfTwoHoursTenIsInvalidNextCheck43m20s) {
  const auto check = check_validity(dates(-2h, 10min), kNow);
  EXPECT_FALSE(check.valid);
  EXPECT_EQ(check.next_check, 43min + 20s);
}

TEST(PkiValidity, ExpiredIsInvalidNextCheck20m) {
  const auto check = check_validity(dates(-2h, -1h), kNow);
  EXPECT_FALSE(check.valid);
  EXPECT_EQ(check.next_check, 20min);
}

TEST(PkiValidity, PastRenewAfterNextCheckIsThresholdUnderCap) {
  const auto check = check_validity(dates(-3h, 30min), kNow);
  EXPECT_FALSE(check.valid);
  EXPECT_EQ(check.next_check, 70min);
  EXPECT_GT(check.next_check, Clock::duration{0});
  EXPECT_LT(check.next_check, 3h);
}

TEST(PkiValidity, NextCheckWhenDueIsCappedAtTwoHours) {
  // 30-day certificate with one day left: threshold 10 days, capped at 2 h.
  const auto check = check_validity(dates(-days{29}, days{1}), kNow);
  EXPECT_FALSE(check.valid);
  EXPECT_EQ(check.next_check, kMaxNextCheckWhenRenewalDue);
}

TEST(PkiValidity, NinetyDayCertificateOneHourOld) {
  // The spec's example: notBefore = now − 1 h, notAfter = now + 90 d.
  const CertificateDates d = dates(-1h, days{90});
  const auto check = check_validity(d, kNow);
  EXPECT_TRUE(check.valid);
  // lifetime 90 d 1 h, threshold 30 d 20 min, renewAfter = now + 59 d 23 h 40 min.
  EXPECT_EQ(check.next_check, days{59} + 23h + 40min + 1s);
  EXPECT_GT(check.next_check, 1h);
  EXPECT_GT(d.not_after - kNowS, days{89});
}

TEST(PkiValidity, NotBeforeInTheFutureIsValid) {
  const auto check = check_validity(dates(5min, 24h), kNow);
  EXPECT_TRUE(check.valid);
  // lifetime 23 h 55 min, threshold 7 h 58 min 20 s, renewAfter = now + 16 h 1 min 40 s.
  EXPECT_EQ(check.next_check, 16h + 1min + 40s + 1s);
}

TEST(PkiValidity, ExactlyAtRenewAfterIsStillValid) {
  const CertificateDates d = dates(-2h, 1h);  // threshold 1 h, renewAfter = now
  EXPECT_TRUE(check_validity(d, kNow).valid);
  EXPECT_EQ(check_validity(d, kNow).next_check, 1s);
  EXPECT_FALSE(check_validity(d, kNow + 1ms).valid);
}

TEST(PkiValidity, NoCertificate) {
  const auto check = check_validity(std::optional<CertificateDates>{}, kNow);
  EXPECT_FALSE(check.have_certificate);
  EXPECT_FALSE(check.valid);
  EXPECT_EQ(check.next_check, Clock::duration{0});
  EXPECT_TRUE(check_validity(std::optional<CertificateDates>{dates(-1h, days{30})}, kNow).valid);
}

}  // namespace
}  // namespace ntpmon::pki
