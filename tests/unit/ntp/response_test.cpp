#include "ntp/response.h"

#include <gtest/gtest.h>

#include <random>

#include "ntp/errors.h"

namespace ntpmon::ntp {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

const SysTime kT1 = SysTime{seconds{1'735'689'600}};  // 2025-01-01T00:00:00Z
const Timestamp kNonce{0x5eed'0000'1234'5678ULL};

Header good_reply() {
  Header h;
  h.mode = Mode::server;
  h.version = 4;
  h.stratum = 2;
  h.origin_time = kNonce;
  h.receive_time = to_ntp(kT1 + milliseconds(1500));
  h.transmit_time = to_ntp(kT1 + milliseconds(1600));
  return h;
}

TEST(NtpValidateReply, Rules) {
  struct Case {
    const char* name;
    void (*edit)(Header&);
    std::string_view error;
  };
  const Case cases[] = {
      {"good", [](Header&) {}, ""},
      {"mode client", [](Header& h) { h.mode = Mode::client; }, errors::kInvalidMode},
      {"mode broadcast", [](Header& h) { h.mode = Mode::broadcast; }, errors::kInvalidMode},
      {"mode symmetric passive", [](Header& h) { h.mode = Mode::symmetric_passive; }, errors::kInvalidMode},
      {"mode 0", [](Header& h) { h.mode = Mode::reserved; }, errors::kInvalidMode},
      {"version 0", [](Header& h) { h.version = 0; }, errors::kInvalidVersion},
      {"version 5", [](Header& h) { h.version = 5; }, errors::kInvalidVersion},
      {"version 3 ok", [](Header& h) { h.version = 3; }, ""},
      {"version 1 ok", [](Header& h) { h.version = 1; }, ""},
      {"zero transmit", [](Header& h) { h.transmit_time = {}; }, errors::kInvalidTransmitTime},
      {"wrong origin", [](Header& h) { h.origin_time.raw ^= 1; }, errors::kResponseMismatch},
      {"zero origin", [](Header& h) { h.origin_time = {}; }, errors::kResponseMismatch},
      {"zero receive", [](Header& h) { h.receive_time = {}; }, errors::kInvalidReceiveTime},
      {"ticked backwards",
       [](Header& h) { h.receive_time = Timestamp{h.transmit_time.raw + 1}; }, errors::kTickedBackwards},
      {"receive == transmit ok", [](Header& h) { h.receive_time = h.transmit_time; }, ""},
      // Across the 2036 era boundary receive (era 0) precedes transmit (era 1): fine.
      {"era boundary ok",
       [](Header& h) {
         h.receive_time = Timestamp::from_parts(0xffff'ffffU, 0xf000'0000U);
         h.transmit_time = Timestamp::from_parts(0, 0x1000'0000U);
       },
       ""},
      // The order of the checks decides which text wins.
      {"mode before origin",
       [](Header& h) {
         h.mode = Mode::client;
         h.origin_time = {};
       },
       errors::kInvalidMode},
      {"transmit before origin",
       [](Header& h) {
         h.transmit_time = {};
         h.origin_time = {};
       },
       errors::kInvalidTransmitTime},
      {"origin before backwards",
       [](Header& h) {
         h.origin_time = {};
         h.receive_time = Timestamp{h.transmit_time.raw + 1};
       },
       errors::kResponseMismatch},
      // Kiss-o'-death and odd strata are valid replies; §12.5 judges them.
      {"kiss RATE is a valid reply",
       [](Header& h) {
         h.stratum = 0;
         h.reference_id = 0x5241'5445U;
       },
       ""},
      {"leap 3 is a valid reply", [](Header& h) { h.leap = Leap::not_in_sync; }, ""},
  };
  for (const Case& c : cases) {
    Header h = good_reply();
    c.edit(h);
    EXPECT_EQ(validate_reply(h, kNonce), c.error) << c.name;
  }
  EXPECT_TRUE(answers_request(good_reply(), kNonce));
  EXPECT_FALSE(answers_request(good_reply(), Timestamp{kNonce.raw + 1}));
}

TEST(NtpComputeResponse, OffsetAndRtt) {
  // T1 = 0, T2 = 1.5 s, T3 = 1.6 s, T4 = 0.2 s:
  // offset = (1.5 + 1.4) / 2 = 1.45 s; rtt = 0.2 - 0.1 = 0.1 s.
  Header h = good_reply();
  h.root_delay = ShortTime{0x0001'0000};       // 1 s
  h.root_dispersion = ShortTime{0x0000'8000};  // 0.5 s
  h.leap = Leap::add_second;
  h.reference_id = 0xc000'0235U;
  h.precision = -20;
  h.poll = 4;
  const Response r = compute_response(h, kT1, kT1 + milliseconds(200));
  EXPECT_EQ(r.offset, milliseconds(1450));
  EXPECT_EQ(r.rtt, milliseconds(100));
  EXPECT_EQ(r.root_delay, seconds(1));
  EXPECT_EQ(r.root_dispersion, milliseconds(500));
  EXPECT_EQ(r.root_distance, milliseconds(1050));  // (0.1 + 1) / 2 + 0.5
  EXPECT_EQ(r.stratum, 2);
  EXPECT_EQ(r.leap, Leap::add_second);
  EXPECT_EQ(r.reference_id, 0xc000'0235U);
  EXPECT_EQ(r.kiss_code, "");
  EXPECT_EQ(r.precision, -20);
  EXPECT_EQ(r.poll, 4);
  EXPECT_EQ(r.t1, kT1);
  EXPECT_EQ(r.t4, kT1 + milliseconds(200));
}

TEST(NtpComputeResponse, NegativeOffset) {
  Header h = good_reply();
  h.receive_time = to_ntp(kT1 - milliseconds(2000) + milliseconds(10));
  h.transmit_time = to_ntp(kT1 - milliseconds(2000) + milliseconds(11));
  const Response r = compute_response(h, kT1, kT1 + milliseconds(20));
  // ((-1.990) + (-2.009)) / 2 = -1.9995 s; rtt = 0.020 - 0.001.
  EXPECT_EQ(r.offset, nanoseconds(-1'999'500'000));
  EXPECT_EQ(r.rtt, milliseconds(19));
}

TEST(NtpComputeResponse, RttFlooredAtZero) {
  // The server claims to have held the request longer than the whole round trip.
  Header h = good_reply();
  h.receive_time = to_ntp(kT1);
  h.transmit_time = to_ntp(kT1 + milliseconds(50));
  const Response r = compute_response(h, kT1, kT1 + milliseconds(10));
  EXPECT_EQ(r.rtt, nanoseconds(0));
  EXPECT_EQ(r.root_distance, to_duration(h.root_delay) / 2 + to_duration(h.root_dispersion));
}

TEST(NtpComputeResponse, AcrossEraRollover) {
  // Client just before 2036-02-07T06:28:16Z, server timestamps just after it (era 1).
  const SysTime t1 = SysTime{seconds{(std::int64_t{1} << 32) - kNtpToUnixSeconds}} - milliseconds(100);
  Header h = good_reply();
  h.receive_time = Timestamp::from_parts(0, ns_to_fraction(400'000'000));   // t1 + 0.5 s
  h.transmit_time = Timestamp::from_parts(0, ns_to_fraction(400'001'000));  // + 1 us
  const Response r = compute_response(h, t1, t1 + milliseconds(2));
  EXPECT_EQ(r.offset, nanoseconds(499'000'500));  // (0.5 + 0.498001) / 2
  EXPECT_EQ(r.rtt, nanoseconds(1'999'000));
}

TEST(NtpComputeResponse, KissCodeCarried) {
  Header h = good_reply();
  h.stratum = 0;
  h.reference_id = 0x5241'5445U;  // RATE
  EXPECT_EQ(compute_response(h, kT1, kT1).kiss_code, "RATE");
}

TEST(NtpComputeResponse, ArbitraryRepliesStayInRange) {
  // Whatever a server sends, the arithmetic must not overflow (run under UBSan too) and
  // the derived values must keep their invariants.
  std::mt19937_64 rng(7);
  for (int i = 0; i < 100'000; ++i) {
    Header h;
    h.mode = Mode::server;
    h.stratum = static_cast<std::uint8_t>(rng());
    h.reference_id = static_cast<std::uint32_t>(rng());
    h.root_delay = ShortTime{static_cast<std::uint32_t>(rng())};
    h.root_dispersion = ShortTime{static_cast<std::uint32_t>(rng())};
    h.receive_time = Timestamp{rng()};
    h.transmit_time = Timestamp{rng()};
    h.origin_time = kNonce;
    const SysTime t1 = kT1 + nanoseconds(static_cast<std::int64_t>(rng() % 4'000'000'000'000'000'000ULL) -
                                         2'000'000'000'000'000'000LL);
    const SysTime t4 = t1 + nanoseconds(static_cast<std::int64_t>(rng() % 10'000'000'000ULL));
    (void)validate_reply(h, kNonce);
    const Response r = compute_response(h, t1, t4);
    EXPECT_GE(r.rtt.count(), 0);
    EXPECT_GE(r.root_distance.count(), 0);
    EXPECT_LE(std::chrono::abs(r.offset), seconds(std::int64_t{1} << 32));
  }
}

}  // namespace
}  // namespace ntpmon::ntp
