#include "ntp/classify.h"

#include <gtest/gtest.h>

#include "ntp/errors.h"

namespace ntpmon::ntp {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;
using namespace std::string_literals;

const IpAddress kTarget = IpAddress::v4({192, 0, 2, 1});
const SysTime kNow = SysTime{seconds{1'735'689'600}};

Exchange ok_exchange(std::uint8_t stratum, std::uint32_t refid, Leap leap = Leap::no_warning) {
  Header h;
  h.mode = Mode::server;
  h.stratum = stratum;
  h.reference_id = refid;
  h.leap = leap;
  h.origin_time = Timestamp{42};
  h.receive_time = to_ntp(kNow + milliseconds(5));
  h.transmit_time = to_ntp(kNow + milliseconds(6));
  Exchange ex;
  ex.status = ExchangeStatus::ok;
  ex.response = compute_response(h, kNow, kNow + milliseconds(20));
  ex.datagrams_received = 1;
  return ex;
}

Exchange failed_exchange(ExchangeStatus status, std::string error) {
  Exchange ex;
  ex.status = status;
  ex.error = std::move(error);
  return ex;
}

TEST(NtpClassify, TransportFailureIsNoResponse) {
  const Classification c =
      classify_sample(kTarget, failed_exchange(ExchangeStatus::network_error, "network: i/o timeout"), kNow);
  EXPECT_FALSE(c.final);
  EXPECT_EQ(c.sample.error, "network: i/o timeout");
  EXPECT_EQ(c.sample.status.error, "network: i/o timeout");
  EXPECT_TRUE(c.sample.status.no_response);
  EXPECT_EQ(c.sample.status.ip, kTarget);
  EXPECT_EQ(c.sample.status.ts, kNow);
  EXPECT_FALSE(c.sample.status.offset);
  EXPECT_FALSE(c.sample.status.rtt);
  EXPECT_EQ(c.sample.status.stratum, 0);
  EXPECT_FALSE(c.sample.response);
}

TEST(NtpClassify, ProtocolFailureKeepsItsTextAndIsNoResponse) {
  // §21 A38: protocol errors lack the "network:" prefix but are no-response records.
  const Classification c = classify_sample(
      kTarget, failed_exchange(ExchangeStatus::protocol_error, std::string(errors::kResponseMismatch)), kNow);
  EXPECT_FALSE(c.final);
  EXPECT_EQ(c.sample.error, "server response didn't match request");
  EXPECT_TRUE(c.sample.status.no_response);
}

std::uint32_t refid(const char (&s)[5]) {
  return (std::uint32_t(std::uint8_t(s[0])) << 24) | (std::uint32_t(std::uint8_t(s[1])) << 16) |
         (std::uint32_t(std::uint8_t(s[2])) << 8) | std::uint32_t(std::uint8_t(s[3]));
}

TEST(NtpClassify, StratumAndKissTable) {
  struct Case {
    std::uint8_t stratum;
    std::uint32_t refid;
    std::string error;
    bool final;
    bool has_offset;
  };
  const Case cases[] = {
      {1, refid("GPS\0"), "", false, true},
      {2, 0xc000'0235U, "", false, true},
      {10, 0xc000'0235U, "", false, true},
      {11, 0xc000'0235U, "bad stratum 11", true, true},
      {15, 0xc000'0235U, "bad stratum 15", true, true},
      {17, 0xc000'0235U, "bad stratum 17", true, true},
      {255, 0, "bad stratum 255", true, true},
      {0, refid("RATE"), "RATE", true, false},  // RATE drops the offset
      {0, refid("DENY"), "DENY", true, true},
      {0, refid("RSTR"), "RSTR", true, true},
      {0, refid("INIT"), "INIT", true, true},
      {0, refid("STEP"), "STEP", true, true},
      {0, 0, "bad stratum 0 (referenceID: 0x0, \0\0\0\0)"s, true, true},
      {0, refid("RAT\0"), "bad stratum 0 (referenceID: 0x52415400, RAT\0)"s, true, true},
      {0, 0xffff'ffffU, "bad stratum 0 (referenceID: 0xffffffff)", true, true},  // not UTF-8: no raw part
      {0, 0x00c3'a900U, "bad stratum 0 (referenceID: 0xc3a900, \0\xc3\xa9\0)"s, true, true},
      // Stratum 16 never has a kiss code (only stratum 0 does), so the refid is shown.
      {16, refid("INIT"), "bad stratum 16 (referenceID: 0x494e4954, INIT)", true, true},
      {16, 0x7f00'0001U, "bad stratum 16 (referenceID: 0x7f000001, \x7f\0\0\x01)"s, true, true},
  };
  for (const Case& c : cases) {
    const Classification got = classify_sample(kTarget, ok_exchange(c.stratum, c.refid), kNow);
    const std::string label = "stratum " + std::to_string(c.stratum) + " refid " + format_reference_id_hex(c.refid);
    EXPECT_EQ(got.sample.error, c.error) << label;
    EXPECT_EQ(got.sample.status.error, c.error) << label;
    EXPECT_EQ(got.final, c.final) << label;
    EXPECT_EQ(got.sample.status.offset.has_value(), c.has_offset) << label;
    EXPECT_TRUE(got.sample.status.rtt) << label;
    EXPECT_FALSE(got.sample.status.no_response) << label;
    EXPECT_EQ(got.sample.status.stratum, c.stratum) << label;
    EXPECT_TRUE(got.sample.response) << label;
  }
}

TEST(NtpClassify, GoodSampleCarriesAllFields) {
  const Classification c = classify_sample(kTarget, ok_exchange(3, 0xc000'0235U, Leap::delete_second), kNow);
  ASSERT_TRUE(c.sample.status.offset);
  ASSERT_TRUE(c.sample.status.rtt);
  // T1 = now, T2 = +5 ms, T3 = +6 ms, T4 = +20 ms.
  EXPECT_EQ(*c.sample.status.offset, nanoseconds(-4'500'000));
  EXPECT_EQ(*c.sample.status.rtt, milliseconds(19));
  EXPECT_EQ(c.sample.status.leap, 2);
  EXPECT_EQ(c.sample.status.reference_id, 0xc000'0235U);
  EXPECT_EQ(c.sample.status.kiss_code, "");
  EXPECT_TRUE(c.sample.status.root_delay);
  EXPECT_TRUE(c.sample.status.root_dispersion);
  EXPECT_TRUE(c.sample.status.root_distance);
  EXPECT_EQ(c.sample.error, "");
}

TEST(NtpClassify, LeapThreeIsNotRejected) {
  // §21 A31: only the local check rejects leap 3.
  const Classification c = classify_sample(kTarget, ok_exchange(2, 0xc000'0235U, Leap::not_in_sync), kNow);
  EXPECT_EQ(c.sample.error, "");
  EXPECT_FALSE(c.final);
  EXPECT_EQ(c.sample.status.leap, 3);
}

// ---- §12.6 best-sample selection: spec §20 K118-K127 and more ----

Sample valid(std::optional<int> rtt_ms) {
  Sample s;
  if (rtt_ms) s.status.rtt = milliseconds(*rtt_ms);
  s.status.offset = milliseconds(1);
  return s;
}
Sample timeout() {
  Sample s;
  s.error = "network: i/o timeout";
  s.status.error = s.error;
  s.status.no_response = true;
  return s;
}
Sample error_with_response(int rtt_ms) {
  Sample s = valid(rtt_ms);
  s.error = "bad stratum 12";
  s.status.error = s.error;
  return s;
}

TEST(NtpSelectBest, Table) {
  struct Case {
    const char* name;
    std::vector<Sample> samples;
    std::optional<std::size_t> best;
  };
  const std::vector<Case> cases = {
      {"K118 one valid", {valid(50)}, 0},
      {"K119 one timeout", {timeout()}, 0},
      {"K120 timeout, 45, 55, timeout", {timeout(), valid(45), valid(55), timeout()}, 1},
      {"K121 timeout, error-with-response 30", {timeout(), error_with_response(30)}, 1},
      {"K122 valid 100, 25, 75", {valid(100), valid(25), valid(75)}, 1},
      {"K123 errors-with-response 80, 40, 60", {error_with_response(80), error_with_response(40), error_with_response(60)}, 1},
      {"K124 timeout, ewr 20, valid 200, timeout", {timeout(), error_with_response(20), valid(200), timeout()}, 2},
      {"K125 three timeouts", {timeout(), timeout(), timeout()}, 0},
      {"K126 valid without rtt, valid 50", {valid(std::nullopt), valid(50)}, 0},
      {"K127 no samples", {}, std::nullopt},
      {"tie keeps the earlier", {valid(30), valid(30)}, 0},
      {"valid never replaced by an error", {valid(300), error_with_response(1), timeout()}, 0},
      {"ewr not replaced by a timeout", {error_with_response(10), timeout()}, 0},
      {"valid 50 then valid without rtt", {valid(50), valid(std::nullopt)}, 0},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(select_best(c.samples), c.best) << c.name;
  }
  // K119/K125 details: the chosen timeout has an error, no response and no RTT.
  const std::vector<Sample> t = {timeout(), timeout(), timeout()};
  const auto b = select_best(t);
  ASSERT_TRUE(b);
  EXPECT_TRUE(t[*b].status.no_response);
  EXPECT_FALSE(t[*b].status.rtt);
  EXPECT_FALSE(t[*b].error.empty());
}

}  // namespace
}  // namespace ntpmon::ntp
