#include "ntp/render.h"

#include <gtest/gtest.h>

#include "ntp/check_host.h"
#include "ntp/classify.h"

namespace ntpmon::ntp {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::nanoseconds;
using std::chrono::seconds;

TEST(NtpRender, GoDurations) {
  struct Case {
    nanoseconds d;
    const char* text;
  };
  const Case cases[] = {
      {nanoseconds(0), "0s"},
      {nanoseconds(1), "1ns"},
      {nanoseconds(999), "999ns"},
      {microseconds(1), "1µs"},
      {nanoseconds(1500), "1.5µs"},
      {milliseconds(1), "1ms"},
      {nanoseconds(12'345'678), "12.345678ms"},
      {nanoseconds(10'000'001), "10.000001ms"},
      {nanoseconds(-1'500'000), "-1.5ms"},
      {seconds(1), "1s"},
      {milliseconds(2500), "2.5s"},
      {nanoseconds(1'000'000'001), "1.000000001s"},
      {seconds(61), "1m1s"},
      {minutes(2), "2m0s"},
      {hours(1), "1h0m0s"},
      {hours(1) + minutes(2) + milliseconds(3004), "1h2m3.004s"},
      {-seconds(90), "-1m30s"},
      {nanoseconds::min(), "-2562047h47m16.854775808s"},
      {nanoseconds::max(), "2562047h47m16.854775807s"},
  };
  for (const Case& c : cases) EXPECT_EQ(format_go_duration(c.d), c.text) << c.d.count();
}

TEST(NtpRender, Time) {
  EXPECT_EQ(format_time(SysTime{seconds{1'735'689'600} + nanoseconds{5}}), "2025-01-01T00:00:00.000000005Z");
  EXPECT_EQ(format_time(SysTime{nanoseconds{-1}}), "1969-12-31T23:59:59.999999999Z");
}

TEST(NtpRender, EscapeText) {
  using namespace std::string_literals;
  EXPECT_EQ(escape_text("RATE"), "RATE");
  EXPECT_EQ(escape_text("a\0b\xff"s), "a\\x00b\\xff");
}

TEST(NtpRender, LogFields) {
  ServerStatus s;
  s.ip = IpAddress::v4({192, 0, 2, 1});
  s.offset = microseconds(1500);
  s.rtt = milliseconds(3);
  s.stratum = 2;
  s.leap = 0;
  EXPECT_EQ(to_log_fields(s), "ip=192.0.2.1 no_response=false offset=1.5ms rtt=3ms stratum=2 leap=0 error=\"\"");
  s = ServerStatus{};
  s.ip = IpAddress::v4({192, 0, 2, 1});
  s.no_response = true;
  s.error = "say \"hi\"";
  EXPECT_EQ(to_log_fields(s), "ip=192.0.2.1 no_response=true offset=- rtt=- stratum=0 leap=0 error=\"say \\\"hi\\\"\"");
}

TEST(NtpRender, CheckReport) {
  const IpAddress target = IpAddress::v4({192, 0, 2, 1});
  const SysTime now{seconds{1'735'689'600}};
  Header h;
  h.mode = Mode::server;
  h.stratum = 0;
  h.reference_id = 0x5241'5445U;  // RATE
  h.origin_time = Timestamp{1};
  h.receive_time = to_ntp(now + milliseconds(1));
  h.transmit_time = to_ntp(now + milliseconds(1));
  Exchange ex;
  ex.status = ExchangeStatus::ok;
  ex.response = compute_response(h, now, now + milliseconds(4));
  ex.datagrams_received = 1;
  CheckResult r;
  Classification c = classify_sample(target, std::move(ex), now);
  r.samples.push_back(c.sample);
  r.chosen = 0;
  r.status = c.sample.status;
  r.response = c.sample.response;
  r.error = c.sample.error;
  const std::string text = render_check_result(target, r);
  EXPECT_NE(text.find("NTP check of 192.0.2.1"), std::string::npos) << text;
  EXPECT_NE(text.find("result:          error: RATE"), std::string::npos) << text;
  EXPECT_NE(text.find("offset:          -"), std::string::npos) << text;
  EXPECT_NE(text.find("rtt:             4ms"), std::string::npos) << text;
  EXPECT_NE(text.find("kiss code:       RATE (rate exceeded"), std::string::npos) << text;
  EXPECT_NE(text.find("stratum:         0"), std::string::npos) << text;
  EXPECT_NE(text.find("1* ip=192.0.2.1"), std::string::npos) << text;

  CheckResult rejected;
  rejected.error = "loopback address";
  const std::string t2 = render_check_result(IpAddress::v4({127, 0, 0, 1}), rejected);
  EXPECT_NE(t2.find("result:          error: loopback address"), std::string::npos) << t2;
  EXPECT_NE(t2.find("(no packet sent)"), std::string::npos) << t2;
}

}  // namespace
}  // namespace ntpmon::ntp
