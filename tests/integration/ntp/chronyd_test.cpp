// The NTP measurement against a real chronyd on loopback (LABEL integration).
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

#include "chronyd_server.h"
#include "ntp/check_host.h"
#include "ntp/render.h"

namespace ntpmon::ntp {
namespace {

using namespace std::chrono_literals;
using testing::ChronydOptions;
using testing::ChronydServer;

double seconds_of(std::chrono::nanoseconds d) { return std::chrono::duration<double>(d).count(); }

// Production parameters (3 samples, 2 s apart, 3 s timeout) except the port, and loopback
// allowed.
CheckOptions production_options(std::uint16_t port) {
  CheckOptions o;
  o.port = port;
  o.allow_special_targets = true;
  return o;
}

void report(const IpAddress& target, const CheckResult& r) {
  std::cout << render_check_result(target, r);
  for (const Sample& s : r.samples) {
    if (s.status.offset && s.status.rtt) {
      ::testing::Test::RecordProperty("offset_ns", std::to_string(s.status.offset->count()));
      ::testing::Test::RecordProperty("rtt_ns", std::to_string(s.status.rtt->count()));
    }
  }
}

void expect_healthy_local_server(const CheckResult& r) {
  ASSERT_EQ(r.error, "");
  ASSERT_TRUE(r.status);
  ASSERT_TRUE(r.status->offset);
  ASSERT_TRUE(r.status->rtt);
  EXPECT_FALSE(r.status->no_response);
  EXPECT_LT(std::chrono::abs(*r.status->offset), 5ms);
  EXPECT_LT(*r.status->rtt, 5ms);
  EXPECT_EQ(r.status->stratum, 8);  // `local stratum 8` is what chronyd puts in its replies
  EXPECT_EQ(r.status->leap, 0);
  EXPECT_EQ(r.status->reference_id, 0x7f7f'0101U);  // chronyd's local reference "127.127.1.1"
  ASSERT_TRUE(r.response);
  EXPECT_TRUE(r.response->kernel_rx_timestamp);
  EXPECT_EQ(r.response->header.version, 4);
  EXPECT_EQ(r.samples.size(), 3U);
  for (const Sample& s : r.samples) EXPECT_EQ(s.error, "");
}

TEST(NtpChronyd, MeasuresLocalServerIPv4) {
  ChronydServer chronyd;
  ASSERT_EQ(chronyd.error(), "");
  const IpAddress target = IpAddress::v4({127, 0, 0, 1});
  const auto start = std::chrono::steady_clock::now();
  const CheckResult r = check_host(target, production_options(chronyd.port()));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  report(target, r);
  expect_healthy_local_server(r);
  EXPECT_GE(elapsed, 4s);  // two 2 s pauses between the three samples
  EXPECT_LT(elapsed, 6s);
}

TEST(NtpChronyd, MeasuresLocalServerIPv6) {
  ChronydOptions opts;
  opts.ipv6 = true;
  ChronydServer chronyd(opts);
  ASSERT_EQ(chronyd.error(), "");
  const IpAddress target = *IpAddress::parse("::1");
  const CheckResult r = check_host(target, production_options(chronyd.port()));
  report(target, r);
  expect_healthy_local_server(r);
}

TEST(NtpChronyd, ServerTwoSecondsAheadUnderFaketime) {
  ChronydOptions opts;
  opts.faketime = "+2s";
  ChronydServer chronyd(opts);
  ASSERT_EQ(chronyd.error(), "");
  const IpAddress target = IpAddress::v4({127, 0, 0, 1});
  const CheckResult r = check_host(target, production_options(chronyd.port()));
  report(target, r);
  ASSERT_EQ(r.error, "");
  ASSERT_TRUE(r.status && r.status->offset && r.status->rtt);
  EXPECT_NEAR(seconds_of(*r.status->offset), 2.0, 0.050);
  EXPECT_LT(*r.status->rtt, 5ms);
  EXPECT_EQ(r.status->stratum, 8);
}

TEST(NtpChronyd, StoppedServerIsANetworkError) {
  ChronydServer chronyd;
  ASSERT_EQ(chronyd.error(), "");
  const std::uint16_t port = chronyd.port();
  chronyd.stop();
  CheckOptions o = production_options(port);
  o.samples = 1;
  const CheckResult r = check_host(IpAddress::v4({127, 0, 0, 1}), o);
  // Loopback answers with ICMP port unreachable, which a connected socket reports.
  EXPECT_EQ(r.error, "network: read: connection refused");
  ASSERT_TRUE(r.status);
  EXPECT_TRUE(r.status->no_response);
}

}  // namespace
}  // namespace ntpmon::ntp
