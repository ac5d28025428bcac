#include "ntp/status.h"

#include <gtest/gtest.h>

namespace ntpmon::ntp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const IpAddress kTarget = IpAddress::v4({192, 0, 2, 1});
const SysTime kNow{seconds{1'735'689'600}};

TEST(NtpSubmissionStatus, NoStatusBecomesNoResponse) {
  CheckResult r;
  r.error = "loopback address";
  const ServerStatus s = make_submission_status(r, kTarget, "tkt", kNow);
  EXPECT_EQ(s.ip, kTarget);
  EXPECT_TRUE(s.no_response);
  EXPECT_EQ(s.error, "loopback address");
  EXPECT_EQ(s.ticket, "tkt");
  EXPECT_EQ(s.ts, kNow);
  EXPECT_FALSE(s.offset);
}

TEST(NtpSubmissionStatus, KissCodeKeepsResponse) {
  CheckResult r;
  ServerStatus st;
  st.ip = kTarget;
  st.rtt = milliseconds(4);
  st.ts = kNow - seconds(5);
  st.error = "RATE";
  r.status = st;
  r.error = "RATE";
  const ServerStatus s = make_submission_status(r, kTarget, "t", kNow);
  EXPECT_FALSE(s.no_response);
  EXPECT_EQ(s.error, "RATE");
  EXPECT_EQ(s.ts, kNow);  // submission-side time wins
  EXPECT_EQ(s.rtt, milliseconds(4));
}

TEST(NtpSubmissionStatus, NetworkErrorSetsNoResponse) {
  CheckResult r;
  ServerStatus st;
  st.ip = kTarget;
  r.status = st;  // even if a status claimed a response
  r.error = "network: i/o timeout";
  EXPECT_TRUE(make_submission_status(r, kTarget, "", kNow).no_response);
}

TEST(NtpSubmissionStatus, SuccessHasNoError) {
  CheckResult r;
  ServerStatus st;
  st.ip = kTarget;
  st.offset = milliseconds(1);
  st.rtt = milliseconds(2);
  st.stratum = 2;
  r.status = st;
  const ServerStatus s = make_submission_status(r, kTarget, "x", kNow);
  EXPECT_EQ(s.error, "");
  EXPECT_FALSE(s.no_response);
  EXPECT_EQ(s.stratum, 2);
  EXPECT_EQ(s.offset, milliseconds(1));
}

}  // namespace
}  // namespace ntpmon::ntp
