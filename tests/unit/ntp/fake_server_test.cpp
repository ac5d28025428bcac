// check_host() and exchange() against a scripted UDP server on loopback.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <set>
#include <stop_token>
#include <thread>

#include "fake_server.h"
#include "ntp/check_host.h"
#include "ntp/errors.h"
#include "ntp/exchange.h"
#include "ntp/stop_waiter.h"

namespace ntpmon::ntp {
namespace {

using namespace std::chrono_literals;
using testing::answer_with;
using testing::bytes_of;
using testing::FakeNtpServer;
using testing::Reply;
using testing::reply_header;
using testing::Request;
using Clock = std::chrono::steady_clock;

const IpAddress kLoopback4 = IpAddress::v4({127, 0, 0, 1});
const IpAddress kLoopback6 = *IpAddress::parse("::1");

CheckOptions options_for(const FakeNtpServer& server, int samples = 1) {
  CheckOptions o;
  o.samples = samples;
  o.port = server.port();
  o.timeout = 2s;
  o.spacing = 20ms;
  o.allow_special_targets = true;
  return o;
}

std::uint32_t refid(const char (&s)[5]) {
  return (std::uint32_t(std::uint8_t(s[0])) << 24) | (std::uint32_t(std::uint8_t(s[1])) << 16) |
         (std::uint32_t(std::uint8_t(s[2])) << 8) | std::uint32_t(std::uint8_t(s[3]));
}

TEST(NtpFakeServer, GoodReplyIPv4) {
  FakeNtpServer server(answer_with({}, 1500ms));
  ASSERT_TRUE(server.ok());
  const CheckResult r = check_host(kLoopback4, options_for(server));
  ASSERT_EQ(r.error, "");
  ASSERT_TRUE(r.status);
  ASSERT_TRUE(r.status->offset);
  ASSERT_TRUE(r.status->rtt);
  EXPECT_NEAR(std::chrono::duration<double>(*r.status->offset).count(), 1.5, 0.025);
  EXPECT_LT(*r.status->rtt, 50ms);
  EXPECT_GE(r.status->rtt->count(), 0);
  EXPECT_EQ(r.status->stratum, 2);
  EXPECT_EQ(r.status->leap, 0);
  EXPECT_FALSE(r.status->no_response);
  EXPECT_EQ(r.status->ip, kLoopback4);
  EXPECT_EQ(r.status->reference_id, 0xc000'0235U);
  ASSERT_TRUE(r.response);
  EXPECT_TRUE(r.response->kernel_rx_timestamp);
  EXPECT_EQ(r.response->raw.size(), kHeaderSize);
  EXPECT_EQ(r.response->root_delay, to_duration(ShortTime{0x180}));
  EXPECT_EQ(r.samples.size(), 1U);
  EXPECT_EQ(server.request_count(), 1U);
}

TEST(NtpFakeServer, GoodReplyIPv6) {
  FakeNtpServer server(answer_with({}, -250ms), /*family_v6=*/true);
  if (!server.ok()) GTEST_SKIP() << "::1 not available";
  const CheckResult r = check_host(kLoopback6, options_for(server));
  ASSERT_EQ(r.error, "");
  ASSERT_TRUE(r.status && r.status->offset);
  EXPECT_NEAR(std::chrono::duration<double>(*r.status->offset).count(), -0.25, 0.025);
  EXPECT_EQ(r.status->ip, kLoopback6);
  EXPECT_EQ(server.requests().at(0).peer_address, "::1");
}

TEST(NtpFakeServer, V4MappedTargetGoesOverIPv4) {
  FakeNtpServer server(answer_with());
  ASSERT_TRUE(server.ok());
  const IpAddress mapped = *IpAddress::parse("::ffff:127.0.0.1");
  const CheckResult r = check_host(mapped, options_for(server));
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.status->ip, mapped);  // reported as given
}

TEST(NtpFakeServer, RequestIsAMinimalClientPacket) {
  FakeNtpServer server(answer_with());
  ASSERT_TRUE(server.ok());
  const CheckResult r = check_host(kLoopback4, options_for(server, 3));
  ASSERT_EQ(r.error, "");
  const auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 3U);
  std::set<std::uint64_t> nonces;
  std::set<std::uint16_t> ports;
  for (const Request& q : reqs) {
    ASSERT_EQ(q.bytes.size(), kHeaderSize);
    EXPECT_EQ(q.bytes[0], 0x23);
    EXPECT_EQ(q.bytes[3], 0x20);
    for (std::size_t i = 1; i < 40; ++i) {
      if (i != 3) {
        EXPECT_EQ(q.bytes[i], 0) << "byte " << i;
      }
    }
    ASSERT_TRUE(q.header);
    EXPECT_FALSE(q.header->transmit_time.is_zero());
    nonces.insert(q.header->transmit_time.raw);
    ports.insert(q.peer_port);
  }
  EXPECT_EQ(nonces.size(), 3U);  // a fresh random nonce per sample
  EXPECT_EQ(ports.size(), 3U);   // a fresh socket per sample
}

TEST(NtpFakeServer, DefaultSampleCountAndSpacing) {
  FakeNtpServer server(answer_with());
  ASSERT_TRUE(server.ok());
  CheckOptions o = options_for(server, 0);
  o.spacing = 100ms;
  const auto start = Clock::now();
  const CheckResult r = check_host(kLoopback4, o);
  const auto elapsed = Clock::now() - start;
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(server.request_count(), 3U);
  EXPECT_EQ(r.samples.size(), 3U);
  EXPECT_GE(elapsed, 200ms);
  EXPECT_LT(elapsed, 3s);
  const auto reqs = server.requests();
  EXPECT_GE(reqs[1].received - reqs[0].received, 100ms);
  EXPECT_GE(reqs[2].received - reqs[1].received, 100ms);
}

TEST(NtpFakeServer, BestSampleHasLowestRtt) {
  // The second request is answered 200 ms late, the others at once.
  std::atomic<int> n{0};
  FakeNtpServer server([&n](const Request& q) {
    const int i = n++;
    return std::vector<Reply>{{bytes_of(reply_header(q)), i == 1 ? 200ms : 0ms}};
  });
  ASSERT_TRUE(server.ok());
  CheckOptions o = options_for(server, 3);
  const CheckResult r = check_host(kLoopback4, o);
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.samples.size(), 3U);
  EXPECT_GE(*r.samples[1].status.rtt, 200ms);
  ASSERT_TRUE(r.chosen);
  EXPECT_NE(*r.chosen, 1U);
  EXPECT_LT(*r.status->rtt, 200ms);
}

TEST(NtpFakeServer, NoAnswerTimesOut) {
  FakeNtpServer server([](const Request&) { return std::vector<Reply>{}; });
  ASSERT_TRUE(server.ok());
  CheckOptions o = options_for(server, 1);
  o.timeout = 300ms;
  const auto start = Clock::now();
  const CheckResult r = check_host(kLoopback4, o);
  const auto elapsed = Clock::now() - start;
  EXPECT_EQ(r.error, "network: i/o timeout");
  ASSERT_TRUE(r.status);
  EXPECT_TRUE(r.status->no_response);
  EXPECT_EQ(r.status->error, "network: i/o timeout");
  EXPECT_FALSE(r.status->offset);
  EXPECT_FALSE(r.status->rtt);
  EXPECT_FALSE(r.response);
  EXPECT_GE(elapsed, 300ms);
  EXPECT_LT(elapsed, 1500ms);
}

TEST(NtpFakeServer, TimeoutsAllSamples) {
  FakeNtpServer server([](const Request&) { return std::vector<Reply>{}; });
  ASSERT_TRUE(server.ok());
  CheckOptions o = options_for(server, 2);
  o.timeout = 150ms;
  o.spacing = 50ms;
  const auto start = Clock::now();
  const CheckResult r = check_host(kLoopback4, o);
  const auto elapsed = Clock::now() - start;
  EXPECT_EQ(r.error, "network: i/o timeout");
  EXPECT_EQ(server.request_count(), 2U);
  EXPECT_GE(elapsed, 350ms);
  EXPECT_LT(elapsed, 2s);
}

TEST(NtpFakeServer, WrongOriginIsRejectedAfterWaiting) {
  FakeNtpServer server(answer_with([](Header& h) { h.origin_time.raw += 1; }));
  ASSERT_TRUE(server.ok());
  CheckOptions o = options_for(server);
  o.timeout = 250ms;
  const auto start = Clock::now();
  const CheckResult r = check_host(kLoopback4, o);
  EXPECT_GE(Clock::now() - start, 250ms);  // kept waiting for the genuine answer
  EXPECT_EQ(r.error, "server response didn't match request");
  ASSERT_TRUE(r.status);
  EXPECT_TRUE(r.status->no_response);
  EXPECT_FALSE(r.response);
  EXPECT_EQ(r.samples.at(0).datagrams_received, 1U);
  EXPECT_EQ(r.samples.at(0).datagrams.size(), 1U);
}

TEST(NtpFakeServer, StaleReplyBeforeTheRealOneIsSkipped) {
  // A late answer to some earlier request (other origin) arrives first, then ours.
  FakeNtpServer server([](const Request& q) {
    Header stale = reply_header(q, 5s);
    stale.origin_time = Timestamp{0x1111'2222'3333'4444ULL};
    return std::vector<Reply>{{bytes_of(stale)}, {bytes_of(reply_header(q)), 20ms}};
  });
  ASSERT_TRUE(server.ok());
  const CheckResult r = check_host(kLoopback4, options_for(server));
  ASSERT_EQ(r.error, "");
  ASSERT_TRUE(r.status && r.status->offset);
  EXPECT_LT(std::chrono::abs(*r.status->offset), 100ms);  // not the stale +5 s
  EXPECT_EQ(r.samples.at(0).datagrams_received, 2U);
}

TEST(NtpFakeServer, GarbageBeforeTheRealOneIsSkipped) {
  FakeNtpServer server([](const Request& q) {
    return std::vector<Reply>{{{0xde, 0xad, 0xbe, 0xef}}, {{}}, {bytes_of(reply_header(q)), 10ms}};
  });
  ASSERT_TRUE(server.ok());
  const CheckResult r = check_host(kLoopback4, options_for(server));
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.samples.at(0).datagrams_received, 3U);
}

TEST(NtpFakeServer, ShortPacketOnly) {
  FakeNtpServer server([](const Request&) { return std::vector<Reply>{{std::vector<std::uint8_t>(20, 0x24)}}; });
  ASSERT_TRUE(server.ok());
  CheckOptions o = options_for(server);
  o.timeout = 200ms;
  const CheckResult r = check_host(kLoopback4, o);
  EXPECT_EQ(r.error, "invalid response: short packet (20 bytes)");
  EXPECT_TRUE(r.status && r.status->no_response);
}

TEST(NtpFakeServer, OversizedReplyIsReadFromItsHeader) {
  FakeNtpServer server([](const Request& q) {
    std::vector<std::uint8_t> big = bytes_of(reply_header(q));
    big.resize(9000, 0xab);  // larger than the 8192-byte buffer
    return std::vector<Reply>{{big}};
  });
  ASSERT_TRUE(server.ok());
  const CheckResult r = check_host(kLoopback4, options_for(server));
  EXPECT_EQ(r.error, "");
  ASSERT_TRUE(r.response);
  EXPECT_EQ(r.response->raw.size(), kReceiveBufferSize);
}

TEST(NtpFakeServer, DuplicatedReply) {
  FakeNtpServer server([](const Request& q) {
    const auto b = bytes_of(reply_header(q));
    return std::vector<Reply>{{b}, {b}};
  });
  ASSERT_TRUE(server.ok());
  const CheckResult r = check_host(kLoopback4, options_for(server, 2));
  EXPECT_EQ(r.error, "");
  ASSERT_EQ(r.samples.size(), 2U);
  for (const Sample& s : r.samples) EXPECT_EQ(s.error, "");
  EXPECT_EQ(server.request_count(), 2U);
}

struct RejectCase {
  const char* name;
  void (*edit)(Header&);
  std::string_view error;
};

void PrintTo(const RejectCase& c, std::ostream* os) { *os << c.name; }

class NtpFakeServerReject : public ::testing::TestWithParam<RejectCase> {};

TEST_P(NtpFakeServerReject, AnswerCarryingOurNonceIsJudgedAtOnce) {
  FakeNtpServer server(answer_with(GetParam().edit));
  ASSERT_TRUE(server.ok());
  CheckOptions o = options_for(server);
  o.timeout = 2s;
  const auto start = Clock::now();
  const CheckResult r = check_host(kLoopback4, o);
  EXPECT_LT(Clock::now() - start, 1s);  // no waiting for the deadline
  EXPECT_EQ(r.error, GetParam().error);
  ASSERT_TRUE(r.status);
  EXPECT_TRUE(r.status->no_response);
  EXPECT_FALSE(r.response);
}

INSTANTIATE_TEST_SUITE_P(
    Rules, NtpFakeServerReject,
    ::testing::Values(RejectCase{"wrong_mode", [](Header& h) { h.mode = Mode::symmetric_passive; }, errors::kInvalidMode},
                      RejectCase{"version_0", [](Header& h) { h.version = 0; }, errors::kInvalidVersion},
                      RejectCase{"zero_transmit", [](Header& h) { h.transmit_time = {}; }, errors::kInvalidTransmitTime},
                      RejectCase{"zero_receive", [](Header& h) { h.receive_time = {}; }, errors::kInvalidReceiveTime},
                      RejectCase{"backwards",
                                 [](Header& h) { h.receive_time = Timestamp{h.transmit_time.raw + 0x1000'0000ULL}; },
                                 errors::kTickedBackwards}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(NtpFakeServer, KissRateEndsTheCheckWithoutOffset) {
  FakeNtpServer server(answer_with([](Header& h) {
    h.stratum = 0;
    h.reference_id = refid("RATE");
  }));
  ASSERT_TRUE(server.ok());
  const CheckResult r = check_host(kLoopback4, options_for(server, 3));
  EXPECT_EQ(r.error, "RATE");
  ASSERT_TRUE(r.status);
  EXPECT_EQ(r.status->error, "RATE");
  EXPECT_FALSE(r.status->offset);
  EXPECT_TRUE(r.status->rtt);
  EXPECT_EQ(r.status->stratum, 0);
  EXPECT_FALSE(r.status->no_response);
  EXPECT_EQ(r.status->kiss_code, "RATE");
  EXPECT_EQ(server.request_count(), 1U);  // early return: no further samples
}

TEST(NtpFakeServer, KissDenyKeepsOffset) {
  FakeNtpServer server(answer_with([](Header& h) {
    h.stratum = 0;
    h.reference_id = refid("DENY");
  }));
  ASSERT_TRUE(server.ok());
  const CheckResult r = check_host(kLoopback4, options_for(server, 3));
  EXPECT_EQ(r.error, "DENY");
  ASSERT_TRUE(r.status);
  EXPECT_TRUE(r.status->offset);
  EXPECT_EQ(server.request_count(), 1U);
}

TEST(NtpFakeServer, KissAfterAGoodSampleStillWins) {
  // §21 A30: a kiss code in any sample ends the measurement with that sample.
  std::atomic<int> n{0};
  FakeNtpServer server([&n](const Request& q) {
    Header h = reply_header(q);
    if (n++ == 1) {
      h.stratum = 0;
      h.reference_id = refid("RSTR");
    }
    return std::vector<Reply>{{bytes_of(h)}};
  });
  ASSERT_TRUE(server.ok());
  const CheckResult r = check_host(kLoopback4, options_for(server, 3));
  EXPECT_EQ(r.error, "RSTR");
  EXPECT_EQ(r.samples.size(), 2U);
  EXPECT_EQ(r.chosen, 1U);
  EXPECT_EQ(server.request_count(), 2U);
}

TEST(NtpFakeServer, StratumZeroWithoutKissCode) {
  FakeNtpServer server(answer_with([](Header& h) {
    h.stratum = 0;
    h.reference_id = 0;
  }));
  ASSERT_TRUE(server.ok());
  const CheckResult r = check_host(kLoopback4, options_for(server, 3));
  EXPECT_EQ(r.error, std::string("bad stratum 0 (referenceID: 0x0, \0\0\0\0)", 38));
  ASSERT_TRUE(r.status);
  EXPECT_TRUE(r.status->offset);
  EXPECT_EQ(server.request_count(), 1U);
}

TEST(NtpFakeServer, HighStratum) {
  FakeNtpServer server(answer_with([](Header& h) { h.stratum = 12; }));
  ASSERT_TRUE(server.ok());
  const CheckResult r = check_host(kLoopback4, options_for(server, 3));
  EXPECT_EQ(r.error, "bad stratum 12");
  EXPECT_EQ(server.request_count(), 1U);
}

TEST(NtpFakeServer, LeapThreeIsReportedNotRejected) {
  FakeNtpServer server(answer_with([](Header& h) { h.leap = Leap::not_in_sync; }));
  ASSERT_TRUE(server.ok());
  const CheckResult r = check_host(kLoopback4, options_for(server, 2));
  EXPECT_EQ(r.error, "");
  ASSERT_TRUE(r.status);
  EXPECT_EQ(r.status->leap, 3);
  EXPECT_EQ(server.request_count(), 2U);
}

TEST(NtpFakeServer, ConnectionRefused) {
  // A bound socket that is closed again: nothing listens on its port.
  std::uint16_t port = 0;
  {
    FakeNtpServer probe([](const Request&) { return std::vector<Reply>{}; });
    ASSERT_TRUE(probe.ok());
    port = probe.port();
  }
  CheckOptions o;
  o.samples = 1;
  o.port = port;
  o.timeout = 2s;
  o.allow_special_targets = true;
  const auto start = Clock::now();
  const CheckResult r = check_host(kLoopback4, o);
  EXPECT_LT(Clock::now() - start, 1s);
  EXPECT_EQ(r.error, "network: read: connection refused");
  EXPECT_TRUE(r.status && r.status->no_response);
}

TEST(NtpFakeServer, BindsToTheLocalAddress) {
  FakeNtpServer server(answer_with());
  ASSERT_TRUE(server.ok());
  CheckOptions o = options_for(server);
  o.local_v4 = IpAddress::v4({127, 0, 0, 2});  // all of 127/8 is local
  const CheckResult r = check_host(kLoopback4, o);
  // Going from 127.0.0.2 to 127.0.0.1 works on Linux loopback.
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(server.requests().at(0).peer_address, "127.0.0.2");
}

TEST(NtpFakeServer, BindsToTheLocalAddressIPv6) {
  FakeNtpServer server(answer_with(), /*family_v6=*/true);
  if (!server.ok()) GTEST_SKIP() << "::1 not available";
  CheckOptions o = options_for(server);
  o.local_v4 = IpAddress::v4({192, 0, 2, 77});  // the other family's address is not used
  o.local_v6 = kLoopback6;
  const CheckResult r = check_host(kLoopback6, o);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(server.requests().at(0).peer_address, "::1");
}

TEST(NtpFakeServer, WildcardLocalAddressMeansNoBind) {
  FakeNtpServer server(answer_with());
  ASSERT_TRUE(server.ok());
  CheckOptions o = options_for(server);
  o.local_v4 = IpAddress::v4({0, 0, 0, 0});
  o.local_v6 = IpAddress::v6({});
  EXPECT_EQ(check_host(kLoopback4, o).error, "");
}

TEST(NtpFakeServer, UnusableLocalAddress) {
  FakeNtpServer server(answer_with());
  ASSERT_TRUE(server.ok());
  CheckOptions o = options_for(server);
  o.local_v4 = IpAddress::v4({192, 0, 2, 77});  // TEST-NET-1: not configured here
  const CheckResult r = check_host(kLoopback4, o);
  EXPECT_EQ(r.error, "network: bind: cannot assign requested address");
  EXPECT_TRUE(r.status && r.status->no_response);
  EXPECT_EQ(server.request_count(), 0U);
}

TEST(NtpFakeServer, PrecheckSendsNothing) {
  FakeNtpServer server(answer_with());
  ASSERT_TRUE(server.ok());
  CheckOptions o = options_for(server);
  o.allow_special_targets = false;
  const CheckResult r = check_host(kLoopback4, o);
  EXPECT_EQ(r.error, "loopback address");
  EXPECT_FALSE(r.status);
  EXPECT_TRUE(r.samples.empty());
  EXPECT_EQ(check_host(IpAddress{}, o).error, "invalid IP");
  EXPECT_EQ(server.request_count(), 0U);
}

TEST(NtpFakeServer, CancelWhileWaitingForTheReply) {
  FakeNtpServer server([](const Request&) { return std::vector<Reply>{}; });
  ASSERT_TRUE(server.ok());
  CheckOptions o = options_for(server, 3);
  o.timeout = 10s;
  std::stop_source stop;
  std::jthread canceller([&stop] {
    std::this_thread::sleep_for(100ms);
    stop.request_stop();
  });
  const auto start = Clock::now();
  const CheckResult r = check_host(kLoopback4, o, stop.get_token());
  const auto elapsed = Clock::now() - start;
  EXPECT_TRUE(r.cancelled);
  EXPECT_EQ(r.error, "measurement cancelled");
  EXPECT_FALSE(r.status);
  EXPECT_LT(elapsed, 1s);
}

TEST(NtpFakeServer, CancelDuringThePauseBetweenSamples) {
  FakeNtpServer server(answer_with());
  ASSERT_TRUE(server.ok());
  CheckOptions o = options_for(server, 3);
  o.spacing = 10s;
  std::stop_source stop;
  std::jthread canceller([&stop] {
    std::this_thread::sleep_for(150ms);
    stop.request_stop();
  });
  const auto start = Clock::now();
  const CheckResult r = check_host(kLoopback4, o, stop.get_token());
  EXPECT_LT(Clock::now() - start, 1s);
  EXPECT_TRUE(r.cancelled);
  EXPECT_EQ(server.request_count(), 1U);
}

TEST(NtpFakeServer, AlreadyCancelledSendsNothing) {
  FakeNtpServer server(answer_with());
  ASSERT_TRUE(server.ok());
  std::stop_source stop;
  stop.request_stop();
  const CheckResult r = check_host(kLoopback4, options_for(server), stop.get_token());
  EXPECT_TRUE(r.cancelled);
  EXPECT_EQ(server.request_count(), 0U);
}

TEST(NtpFakeServer, SampleHookSeesEveryAttempt) {
  FakeNtpServer server(answer_with());
  ASSERT_TRUE(server.ok());
  CheckOptions o = options_for(server, 3);
  std::vector<int> seen;
  o.on_sample = [&seen](int i, const Sample& s) {
    EXPECT_EQ(s.error, "");
    seen.push_back(i);
  };
  check_host(kLoopback4, o);
  EXPECT_EQ(seen, (std::vector<int>{0, 1, 2}));
}

TEST(NtpExchange, SingleExchangeDirect) {
  FakeNtpServer server(answer_with({}, 20ms));
  ASSERT_TRUE(server.ok());
  ExchangeOptions xo;
  xo.port = server.port();
  xo.timeout = 500ms;
  const Exchange ex = exchange(kLoopback4, xo);
  ASSERT_EQ(ex.status, ExchangeStatus::ok) << ex.error;
  ASSERT_TRUE(ex.response);
  EXPECT_EQ(ex.datagrams_received, 1U);
  EXPECT_EQ(ex.datagrams_skipped, 0U);
  EXPECT_GE(ex.response->t4, ex.response->t1);
  EXPECT_NEAR(std::chrono::duration<double>(ex.response->offset).count(), 0.020, 0.010);
}

TEST(NtpExchange, NoncesAreRandomAndNonZero) {
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 100; ++i) {
    const Timestamp t = random_nonce();
    EXPECT_FALSE(t.is_zero());
    seen.insert(t.raw);
  }
  EXPECT_EQ(seen.size(), 100U);
}

TEST(NtpStopWaiter, SleepEndsOnStop) {
  std::stop_source stop;
  std::jthread canceller([&stop] {
    std::this_thread::sleep_for(50ms);
    stop.request_stop();
  });
  const auto start = Clock::now();
  EXPECT_FALSE(sleep_unless_stopped(10s, stop.get_token()));
  EXPECT_LT(Clock::now() - start, 1s);
  const auto t2 = Clock::now();
  EXPECT_TRUE(sleep_unless_stopped(30ms, std::stop_token{}));
  EXPECT_GE(Clock::now() - t2, 30ms);
}

}  // namespace
}  // namespace ntpmon::ntp
