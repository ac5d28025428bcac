// SubmitResults as pure functions (daemons/monitor-api/submit_plan.h): the checks before any
// write, and the per-monitor score and log_scores rows of spec/scorer.md §9.1-§9.2 with the
// project's fixes B21-B23.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/connect_error.h"
#include "submit_plan.h"

namespace ntpmon::monitor_api {
namespace {

using namespace std::chrono;
using api::ApiError;
using api::ErrorCode;

const auto kNow = system_clock::time_point(seconds(1767323045));
const std::string kBatch = "01ARYZ6S41TSV4RRFFQ69G5FAV";
const std::string kIp("\xc0\x00\x02\x01", 4);  // 192.0.2.1

struct Fixture {
  api::TicketKeyRing keys = api::TicketKeyRing::generate(floor<seconds>(kNow));

  api::ServerStatus status(std::string ip = kIp) const {
    api::ServerStatus s;
    s.ip_bytes = ip;
    s.ticket = api::sign_ticket(keys.current(), {7, kBatch, ip}, floor<seconds>(kNow) + hours(1));
    s.ts = api::Timestamp{1767323040, 0};
    s.stratum = 2;
    s.rtt = api::Duration{0, 10'000'000};
    return s;
  }
  std::vector<CheckedResult> check(const std::vector<api::ServerStatus>& list, std::int32_t version = 4) const {
    api::SubmitResultsRequest r;
    r.version = version;
    r.batch_id = kBatch;
    r.list = list;
    return check_results(r, {7, kBatch, version, kNow}, keys);
  }
};

std::vector<SubmitTarget> one_target(double score, std::optional<std::uint8_t> stratum = 2) {
  return {SubmitTarget{11, "192.0.2.1", stratum, 101, score, stratum}};
}

api::Duration ms(double v) { return api::Duration::from(duration_cast<nanoseconds>(duration<double, std::milli>(v))); }

void expect_error(const std::function<void()>& fn, ErrorCode code, const std::string& part) {
  try {
    fn();
    FAIL() << "no error, expected " << part;
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    EXPECT_NE(e.message().find(part), std::string::npos) << e.message();
  }
}

// scorer.md §9.2
struct Vector {
  const char* id;
  double previous;
  std::function<void(api::ServerStatus&)> input;
  double score;
  double step;
  std::optional<double> offset;
  std::optional<std::int32_t> rtt;
  std::optional<std::string> attributes;
};

void PrintTo(const Vector& v, std::ostream* os) { *os << v.id; }

class SubmitVectors : public ::testing::TestWithParam<Vector> {};

TEST_P(SubmitVectors, ScoreAndLogRow) {
  Fixture f;
  auto s = f.status();
  GetParam().input(s);
  auto plan = plan_results(f.check({s}), one_target(GetParam().previous), true);
  ASSERT_EQ(plan.log_rows.size(), 1u);
  const auto& row = plan.log_rows[0];
  EXPECT_NEAR(row.score, GetParam().score, 1e-9);
  EXPECT_NEAR(row.step, GetParam().step, 1e-9);
  ASSERT_EQ(row.offset.has_value(), GetParam().offset.has_value());
  if (row.offset) {
    EXPECT_NEAR(*row.offset, *GetParam().offset, 1e-12);
  }
  EXPECT_EQ(row.rtt_us, GetParam().rtt);
  EXPECT_EQ(row.attributes, GetParam().attributes);
  ASSERT_EQ(plan.pairs.size(), 1u);
  EXPECT_EQ(plan.pairs[0].score_raw, row.score);
  EXPECT_EQ(plan.pairs[0].score_ts, sys_seconds(seconds(1767323040)));
}

INSTANTIATE_TEST_SUITE_P(
    ScorerSpec, SubmitVectors,
    ::testing::Values(
        Vector{"P1", 20, [](auto& s) { s.offset = ms(50); }, 19.83365, 0.83365, 0.05, 10000, std::nullopt},
        Vector{"P2", 15,
               [](auto& s) {
                 s.stratum = 0;
                 s.error = "RATE";
                 s.leap = 3;
                 s.rtt = ms(20);
               },
               10.75, -3.5, std::nullopt, 20000, R"({"leap":3,"error":"RATE"})"},
        Vector{"P3", 20,
               [](auto& s) {
                 s.no_response = true;
                 s.error = "network: i/o timeout";
                 s.rtt.reset();
               },
               14, -5, std::nullopt, std::nullopt /* B23: NULL, not 0 */, R"({"error":"network: i/o timeout"})"},
        Vector{"P4", 14, [](auto& s) { s.no_response = true; }, 8.3, -5, std::nullopt, 10000, std::nullopt},
        Vector{"P6", 20, [](auto& s) { s.stratum = 0; s.error = "RSTR"; }, -50, -10, std::nullopt, 10000,
               R"({"error":"RSTR"})"},
        Vector{"P7", -50, [](auto& s) { s.stratum = 0; s.error = "RSTR"; }, -57.5, -10, std::nullopt, 10000,
               R"({"error":"RSTR"})"},
        Vector{"P8", 20, [](auto& s) { s.stratum = 0; }, 5, -2, std::nullopt, 10000, R"({"error":"unexpected stratum 0"})"},
        Vector{"P9", 20, [](auto& s) { s.offset = ms(5000); }, -20, -4, 5.0, 10000, std::nullopt},
        Vector{"P10", -30, [](auto& s) { s.offset = ms(5000); }, -32.5, -4, 5.0, 10000, std::nullopt},
        Vector{"P11", 20, [](auto& s) { s.offset = ms(1); s.stratum = 1; s.leap = 1; }, 20, 1, 0.001, 10000,
               R"({"leap":1})"},
        Vector{"P12", 19, [](auto& s) { s.offset = ms(10); s.stratum = 9; }, 14.05, -4, 0.01, 10000, std::nullopt},
        Vector{"P13", -50, [](auto& s) { s.offset = ms(0); }, -46.5, 1, 0.0, 10000, std::nullopt},
        Vector{"P14", 20, [](auto& s) { s.offset = ms(1000); }, 17, -2, 1.0, 10000, std::nullopt}),
    [](const auto& info) { return std::string(info.param.id); });

TEST(SubmitPlan, RepeatedServerChainsTheScore) {
  Fixture f;
  auto a = f.status();
  a.no_response = true;
  auto b = a;
  auto c = a;
  auto plan = plan_results(f.check({a, b, c}), one_target(20), true);
  ASSERT_EQ(plan.log_rows.size(), 3u);
  EXPECT_NEAR(plan.log_rows[0].score, 14, 1e-9);
  EXPECT_NEAR(plan.log_rows[1].score, 8.3, 1e-9);   // P4
  EXPECT_NEAR(plan.log_rows[2].score, 2.885, 1e-9);  // P5
  ASSERT_EQ(plan.pairs.size(), 1u);
  EXPECT_EQ(plan.pairs[0].score_raw, plan.log_rows[2].score);
  EXPECT_EQ(plan.timeout, 3u);
}

TEST(SubmitPlan, ZeroOffsetDistrustDependsOnTheClient) {
  Fixture f;
  auto s = f.status();
  s.stratum = 0;
  s.offset = ms(0);
  // S39: an agent below v3.8.5
  auto old_client = plan_results(f.check({s}), one_target(20), false);
  EXPECT_EQ(old_client.log_rows[0].attributes, R"({"error":"untrusted zero offset"})");
  EXPECT_FALSE(old_client.log_rows[0].offset.has_value());
  EXPECT_NEAR(old_client.log_rows[0].step, -2, 1e-12);
  // S40: v3.8.5 and later
  auto new_client = plan_results(f.check({s}), one_target(20), true);
  EXPECT_EQ(new_client.log_rows[0].attributes, R"({"error":"unexpected stratum 0"})");
  EXPECT_EQ(new_client.log_rows[0].offset, 0.0);
}

TEST(SubmitPlan, StratumOnlyFromValidResponsesAndOnlyWhenItChanges) {
  Fixture f;
  auto good = f.status();
  good.offset = ms(1);
  good.stratum = 3;
  auto plan = plan_results(f.check({good}), one_target(20, 2), true);
  ASSERT_EQ(plan.servers.size(), 1u);
  EXPECT_EQ(plan.servers[0].stratum, 3);
  EXPECT_EQ(plan.pairs[0].stratum, std::optional<std::uint8_t>(3));

  auto same = plan_results(f.check({good}), one_target(20, 3), true);
  EXPECT_TRUE(same.servers.empty());
  EXPECT_FALSE(same.pairs[0].stratum.has_value());

  auto bad = f.status();  // B22: "bad stratum 16" is not recorded
  bad.stratum = 16;
  bad.error = "bad stratum 16 (referenceID: 0x0)";
  auto timeout = f.status();
  timeout.no_response = true;
  timeout.stratum = 4;
  auto none = plan_results(f.check({bad, timeout}), one_target(20, 2), true);
  EXPECT_TRUE(none.servers.empty());
  EXPECT_FALSE(none.pairs[0].stratum.has_value());
}

TEST(SubmitPlan, RttBeyondTheColumnIsClampedAndFlagged) {
  Fixture f;
  auto s = f.status();
  s.offset = ms(1);
  s.rtt = api::Duration{9, 500'000'000};
  auto plan = plan_results(f.check({s}), one_target(20), true);
  EXPECT_EQ(plan.log_rows[0].rtt_us, kMaxRttMicros);
  EXPECT_EQ(plan.log_rows[0].attributes, R"({"warning":"rtt 9500000us clamped to 8388607us"})");
}

TEST(SubmitPlan, UnknownServerOrPairRefusesTheBatch) {
  Fixture f;
  auto s = f.status();
  s.offset = ms(1);
  auto other = f.status(std::string("\xc0\x00\x02\x09", 4));
  other.offset = ms(1);
  expect_error([&] { plan_results(f.check({s, other}), one_target(20), true); }, ErrorCode::failed_precondition,
               "list[1]: no server has IP 192.0.2.9");
  std::vector<SubmitTarget> no_pair{{11, "192.0.2.1", 2, std::nullopt, 0, std::nullopt}};
  expect_error([&] { plan_results(f.check({s}), no_pair, true); }, ErrorCode::failed_precondition,
               "list[0]: this monitor does not check server 11");
}

struct BadStatus {
  const char* name;
  std::function<void(api::ServerStatus&, const Fixture&)> mutate;
  const char* message;
};

void PrintTo(const BadStatus& c, std::ostream* os) { *os << c.name; }

class SubmitChecks : public ::testing::TestWithParam<BadStatus> {};

TEST_P(SubmitChecks, RefusedWithTheItemNamed) {
  Fixture f;
  auto good = f.status();
  auto bad = f.status();
  GetParam().mutate(bad, f);
  expect_error([&] { f.check({good, bad}); }, ErrorCode::invalid_argument, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SubmitChecks,
    ::testing::Values(
        BadStatus{"ip_length", [](auto& s, auto&) { s.ip_bytes = "12345"; }, "list[1].ipBytes: 5 bytes"},
        BadStatus{"no_ticket", [](auto& s, auto&) { s.ticket.clear(); }, "list[1].ticket: signature validation failed"},
        BadStatus{"other_monitor",
                  [](auto& s, const Fixture& f) {
                    s.ticket = api::sign_ticket(f.keys.current(), {8, kBatch, kIp}, floor<seconds>(kNow) + hours(1));
                  },
                  "does not match this monitor"},
        BadStatus{"other_batch",
                  [](auto& s, const Fixture& f) {
                    s.ticket = api::sign_ticket(f.keys.current(), {7, "01ARYZ6S41TSV4RRFFQ69G5FAW", kIp},
                                                floor<seconds>(kNow) + hours(1));
                  },
                  "does not match this monitor"},
        BadStatus{"server_not_in_batch", [](auto& s, auto&) { s.ip_bytes = std::string("\xc0\x00\x02\x07", 4); },
                  "signature validation failed for server 192.0.2.7"},
        BadStatus{"expired_ticket",
                  [](auto& s, const Fixture& f) {
                    s.ticket = api::sign_ticket(f.keys.current(), {7, kBatch, kIp}, floor<seconds>(kNow) - seconds(1));
                  },
                  "ticket expired"},
        BadStatus{"no_ts", [](auto& s, auto&) { s.ts.reset(); }, "list[1].ts: missing"},
        BadStatus{"ts_far_past", [](auto& s, auto&) { s.ts = api::Timestamp{0, 0}; }, "list[1].ts: 1970-01-01"},
        BadStatus{"ts_future", [](auto& s, auto&) { s.ts = api::Timestamp{1767323045 + 7200, 0}; }, "list[1].ts"},
        BadStatus{"offset_huge", [](auto& s, auto&) { s.offset = api::Duration{315576000000, 0}; }, "list[1].offset"},
        BadStatus{"rtt_negative", [](auto& s, auto&) { s.rtt = api::Duration{0, -1}; }, "list[1].rtt"},
        BadStatus{"stratum_negative", [](auto& s, auto&) { s.stratum = -1; }, "list[1].stratum"},
        BadStatus{"stratum_huge", [](auto& s, auto&) { s.stratum = 256; }, "list[1].stratum"},
        BadStatus{"leap", [](auto& s, auto&) { s.leap = 4; }, "list[1].leap"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(SubmitPlan, VersionTwoSkipsTickets) {
  Fixture f;
  auto s = f.status();
  s.ticket.clear();
  EXPECT_EQ(f.check({s}, 2).size(), 1u);
}

TEST(SubmitPlan, TimestampsAreRoundedLikeMysql) {
  Fixture f;
  auto s = f.status();
  s.ts = api::Timestamp{1767323040, 500'000'000};
  EXPECT_EQ(f.check({s})[0].ts, sys_seconds(seconds(1767323041)));
  s.ts = api::Timestamp{1767323040, 499'999'999};
  EXPECT_EQ(f.check({s})[0].ts, sys_seconds(seconds(1767323040)));
}

TEST(SubmitPlan, JsonParametersCarryExactDoubles) {
  Fixture f;
  auto s = f.status();
  s.offset = ms(50);
  s.error = "a \"quoted\" <error>";
  auto plan = plan_results(f.check({s}), one_target(20), true);
  EXPECT_EQ(plan.log_rows[0].attributes, R"({"error":"a \"quoted\" \u003cerror\u003e"})");  // Go's escaping
  auto rows = nlohmann::json::parse(log_rows_json(plan));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["s"], "11");
  EXPECT_EQ(rows[0]["t"], "2026-01-02 03:04:00");
  EXPECT_EQ(std::stod(rows[0]["c"].get<std::string>()), plan.log_rows[0].score);  // shortest round-trip text
  EXPECT_EQ(rows[0]["a"], *plan.log_rows[0].attributes);
  EXPECT_EQ(rows[0]["r"], "10000");
  EXPECT_EQ(std::stod(rows[0]["o"].get<std::string>()), *plan.log_rows[0].offset);
  s.rtt.reset();
  auto no_rtt = nlohmann::json::parse(log_rows_json(plan_results(f.check({s}), one_target(20), true)));
  EXPECT_FALSE(no_rtt[0].contains("r"));  // absent rtt: no key, so SQL NULL (B23)
  auto pairs = nlohmann::json::parse(pair_updates_json(plan));
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0][0], "101");
  EXPECT_EQ(std::stod(pairs[0][1].get<std::string>()), plan.pairs[0].score_raw);  // shortest round-trip text
  EXPECT_EQ(pairs[0][2], "2026-01-02 03:04:00");
  EXPECT_EQ(pairs[0][3], "");
  EXPECT_EQ(distinct_ips_json(f.check({s, s})), R"(["192.0.2.1"])");
}

}  // namespace
}  // namespace ntpmon::monitor_api
