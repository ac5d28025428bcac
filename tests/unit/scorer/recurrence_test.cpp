// spec/scorer.md §9.1 (equilibria), §9.2 (the per-monitor score, P1-P14) and §9.3 (`every`,
// E1-E12).
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "scoring/recurrence.h"
#include "scoring/step.h"

namespace ntpmon::scoring {
namespace {

using namespace std::chrono_literals;

// StepInput without designated initializers (GCC warns about the omitted members).
StepInput in_(bool no_response, std::int32_t stratum, std::string error, std::optional<std::chrono::nanoseconds> offset) {
  StepInput in;
  in.no_response = no_response;
  in.stratum = stratum;
  in.error = std::move(error);
  in.offset = offset;
  return in;
}

std::chrono::nanoseconds ms(std::int64_t v) { return std::chrono::milliseconds(v); }

struct MonitorCase {
  const char* id;
  double previous;
  StepInput input;
  double expected;
  bool exact = false;
};

class ScoringMonitorScore : public ::testing::TestWithParam<MonitorCase> {};

TEST_P(ScoringMonitorScore, MatchesVector) {
  const auto& c = GetParam();
  const double got = next_monitor_score(c.previous, compute_step(c.input));
  if (c.exact) {
    EXPECT_EQ(got, c.expected) << c.id;
  } else {
    EXPECT_NEAR(got, c.expected, 1e-9) << c.id;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Vectors, ScoringMonitorScore,
    ::testing::Values(
        MonitorCase{"P1", 20, in_(false, 2, "", ms(50)), 19.83365},
        MonitorCase{"P2", 15, in_(false, 0, "RATE", std::nullopt), 10.75},
        MonitorCase{"P3", 20, in_(true, 0, "network: i/o timeout", std::nullopt), 14},
        MonitorCase{"P4", 14, in_(true, 0, "", std::nullopt), 8.299999999999999, true},
        MonitorCase{"P5", 8.3, in_(true, 0, "", std::nullopt), 2.885},
        MonitorCase{"P6", 20, in_(false, 0, "RSTR", std::nullopt), -50, true},
        MonitorCase{"P7", -50, in_(false, 0, "RSTR", std::nullopt), -57.5, true},
        MonitorCase{"P8", 20, in_(false, 0, "", std::nullopt), 5, true},
        MonitorCase{"P9", 20, in_(false, 2, "", ms(5000)), -20, true},
        MonitorCase{"P10", -30, in_(false, 2, "", ms(5000)), -32.5, true},
        MonitorCase{"P11", 20, in_(false, 1, "", ms(1)), 20, true},
        MonitorCase{"P12", 19, in_(false, 9, "", ms(10)), 14.05},
        MonitorCase{"P13", -50, in_(false, 2, "", 0ns), -46.5},
        MonitorCase{"P14", 20, in_(false, 2, "", ms(1000)), 17}),
    [](const auto& info) { return std::string(info.param.id); });

TEST(ScoringEquilibrium, HundredStepsFromZero) {
  struct Case {
    double step;
    double expected;
  };
  for (const auto& c : {Case{1, 19.8815894}, Case{0.5003, 9.9467592}, Case{0.2694, 5.3561002},
                        Case{-0.1922, -3.8212415}}) {
    double s = 0;
    for (int i = 0; i < 100; ++i) s = next_monitor_score(s, c.step, std::nullopt);
    EXPECT_NEAR(s, c.expected, 1e-7) << c.step;
  }
}

struct EveryInput {
  double step;
  std::optional<double> offset;
};

struct EveryCase {
  const char* id;
  double start;
  std::vector<EveryInput> rows;
  std::vector<double> expected;  // after each row; for the long runs only the last
};

class ScoringEvery : public ::testing::TestWithParam<EveryCase> {};

TEST_P(ScoringEvery, MatchesVector) {
  const auto& c = GetParam();
  double s = c.start;
  std::vector<double> got;
  for (const auto& r : c.rows) {
    s = next_every_score(s, r.step, r.offset);
    got.push_back(s);
  }
  if (c.expected.size() == 1 && c.rows.size() > 1) got = {got.back()};
  ASSERT_EQ(got.size(), c.expected.size()) << c.id;
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], c.expected[i], 1e-9) << c.id << " row " << i;
}

std::vector<EveryInput> repeat(int n, EveryInput r) { return std::vector<EveryInput>(static_cast<std::size_t>(n), r); }

INSTANTIATE_TEST_SUITE_P(
    Vectors, ScoringEvery,
    ::testing::Values(
        EveryCase{"E1", -5, repeat(5, {0.8, std::nullopt}), {-3.95, -2.9525, -2.004875, -1.10463125, -0.2493996875}},
        EveryCase{"E2", 0, repeat(3, {1, std::nullopt}), {1, 1.95, 2.8525}},
        EveryCase{"E3", 20, {{1, 0.001}}, {20}},
        EveryCase{"E4", 20, repeat(3, {-5, std::nullopt}), {14, 8.3, 2.885}},
        EveryCase{"E5", 20, {{-4, 5.0}}, {-20}},
        EveryCase{"E6", -30, {{-4, 5.0}}, {-20}},
        EveryCase{"E7", 10, {{-10, std::nullopt}}, {-0.5}},
        EveryCase{"E8", 20, {{-2, 0.0}}, {17}},
        EveryCase{"E9", 20, {{1, std::nullopt}, {-5, std::nullopt}, {1, std::nullopt}, {-4, 3.5}, {1, std::nullopt}},
                  {20, 14, 14.3, -20, -18}},
        EveryCase{"E10", -5, {{1, std::nullopt}, {1, std::nullopt}, {-5, std::nullopt}, {0.5003, std::nullopt}},
                  {-3.75, -2.5625, -7.434375, -6.56235625}},
        EveryCase{"E11", -5, repeat(100, {0.8, std::nullopt}), {15.875668886}},
        EveryCase{"E12", 0, repeat(50, {0.7, std::nullopt}), {12.922770346}}),
    [](const auto& info) { return std::string(info.param.id); });

TEST(ScoringEvery, E12TwiceAppliedDiffers) {
  // The original could apply the batch twice (two runners); the value it then reaches.
  double s = 0;
  for (int i = 0; i < 100; ++i) s = next_every_score(s, 0.7, std::nullopt);
  EXPECT_NEAR(s, 13.917112591, 1e-9);
}

TEST(ScoringEvery, OffsetIsTruncatedToNanosecondsBeforeTheComparison) {
  EXPECT_EQ(next_every_score(20, 1, 3.0), 20);                       // exactly 3 s is not beyond
  EXPECT_EQ(next_every_score(20, 1, -3.0000000009), 20);             // truncates to 3 s
  EXPECT_EQ(next_every_score(20, 1, 3.000000002), -20);
  EXPECT_EQ(next_every_score(20, 1, 1e300), -20);                    // beyond int64: beyond 3 s
}

}  // namespace
}  // namespace ntpmon::scoring
