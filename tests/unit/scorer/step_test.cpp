// spec/scorer.md §9.1: the step function, vectors S1-S40 (S39/S40's zero-offset distrust is
// applied by the submit path before the step function; here it arrives as the error text).
#include <gtest/gtest.h>

#include <chrono>
#include <limits>
#include <optional>
#include <string>

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

struct StepCase {
  const char* id;
  StepInput input;
  double step;
  std::optional<double> cap;
  std::string error;  // the final error (attributes' "error")
  bool exact = false;
};

std::chrono::nanoseconds ms(double v) { return std::chrono::nanoseconds(static_cast<std::int64_t>(v * 1e6 + (v >= 0 ? 0.5 : -0.5))); }

StepInput s2(double offset_ms) { return in_(false, 2, "", ms(offset_ms)); }

class ScoringStep : public ::testing::TestWithParam<StepCase> {};

TEST_P(ScoringStep, MatchesVector) {
  const auto& c = GetParam();
  const auto r = compute_step(c.input);
  if (c.exact) {
    EXPECT_EQ(r.step, c.step) << c.id;
  } else {
    EXPECT_NEAR(r.step, c.step, 1e-9) << c.id;
  }
  EXPECT_EQ(r.max_score, c.cap) << c.id;
  EXPECT_EQ(r.error, c.error) << c.id;
}

INSTANTIATE_TEST_SUITE_P(
    Vectors, ScoringStep,
    ::testing::Values(
        StepCase{"S1", s2(0), 1, std::nullopt, "", true}, StepCase{"S2", s2(10), 1, std::nullopt, ""},
        StepCase{"S3", s2(25), 1, std::nullopt, "", true}, StepCase{"S4", s2(25.02), 1, std::nullopt, "", true},
        StepCase{"S5", s2(25.049), 0.999998317, std::nullopt, ""},
        StepCase{"S6", s2(26), 0.993658, std::nullopt, ""}, StepCase{"S7", s2(50), 0.83365, std::nullopt, ""},
        StepCase{"S8", s2(99), 0.506967, std::nullopt, ""}, StepCase{"S9", s2(100), 0.5003, std::nullopt, ""},
        StepCase{"S10", s2(101), 0.497892, std::nullopt, ""}, StepCase{"S11", s2(200), 0.2694, std::nullopt, ""},
        StepCase{"S12", s2(400), -0.19220000000000004, std::nullopt, "", true},
        StepCase{"S13", s2(600), -0.6537999999999998, std::nullopt, "", true},
        StepCase{"S14", s2(749), -0.997692, std::nullopt, ""},
        StepCase{"S15", s2(750), -0.9999999999999999, std::nullopt, "", true},
        StepCase{"S16", s2(751), -2, std::nullopt, "", true}, StepCase{"S17", s2(1000), -2, std::nullopt, "", true},
        StepCase{"S18", s2(3000), -2, std::nullopt, "", true}, StepCase{"S19", s2(3001), -4, -20.0, "", true},
        StepCase{"S20", s2(5000), -4, -20.0, "", true}, StepCase{"S21", s2(-50), 0.83365, std::nullopt, ""},
        StepCase{"S22", in_(false, 8, "", 0ns), -4, std::nullopt, "", true},
        StepCase{"S23", in_(false, 7, "", 0ns), 1, std::nullopt, "", true},
        StepCase{"S24", in_(false, 8, "", ms(5000)), -4, -20.0, "", true},
        StepCase{"S25", in_(true, 0, "", std::nullopt), -5, std::nullopt, "", true},
        StepCase{"S26", in_(true, 0, "network: i/o timeout", std::nullopt), -5, std::nullopt, "network: i/o timeout", true},
        StepCase{"S27", in_(true, 0, "RATE", std::nullopt), -5, std::nullopt, "RATE", true},
        StepCase{"S28", in_(false, 0, "RATE", std::nullopt), -3.5, std::nullopt, "RATE", true},
        StepCase{"S29", in_(false, 0, "RSTR", 0ns), -10, -50.0, "RSTR", true},
        StepCase{"S30", in_(false, 0, "DENY", std::nullopt), -10, -50.0, "DENY", true},
        StepCase{"S31", in_(false, 0, "", ms(1)), -2, 5.0, "unexpected stratum 0", true},
        StepCase{"S32", in_(false, 0, "untrusted zero offset", std::nullopt), -2, 5.0, "untrusted zero offset", true},
        StepCase{"S33", in_(false, 0, "INIT", std::nullopt), -4, std::nullopt, "INIT", true},
        StepCase{"S34", in_(false, 16, "bad stratum 16 (referenceID: 0x0)", std::nullopt), -4, std::nullopt,
                 "bad stratum 16 (referenceID: 0x0)", true},
        StepCase{"S35", in_(false, 2, "", std::nullopt), -4, std::nullopt, "", true},
        StepCase{"S36", in_(false, 2, "xyz", ms(10)), -4, std::nullopt, "xyz", true},
        StepCase{"S37", in_(false, 2, "RATE", ms(10)), -4, std::nullopt, "RATE", true},
        StepCase{"S38", s2(1), 1, std::nullopt, "", true},
        StepCase{"S39", in_(false, 0, "untrusted zero offset", std::nullopt), -2, 5.0, "untrusted zero offset", true},
        StepCase{"S40", in_(false, 0, "", 0ns), -2, 5.0, "unexpected stratum 0", true}),
    [](const auto& info) { return std::string(info.param.id); });

TEST(ScoringStepEdges, MostNegativeOffsetIsLarge) {
  const auto r = compute_step(in_(false, 2, "", std::chrono::nanoseconds(std::numeric_limits<std::int64_t>::min())));
  EXPECT_EQ(r.step, -4);
  EXPECT_EQ(r.max_score, -20.0);
}

TEST(ScoringStepEdges, ThresholdsAreStrictOnNanoseconds) {
  EXPECT_EQ(compute_step(in_(false, 2, "", 25'000'000ns)).step, 1.0);
  EXPECT_LT(compute_step(in_(false, 2, "", 25'000'001ns)).step, 1.0 + 1e-15);
  EXPECT_EQ(compute_step(in_(false, 2, "", 3'000'000'000ns)).step, -2.0);
  EXPECT_EQ(compute_step(in_(false, 2, "", 3'000'000'001ns)).max_score, -20.0);
}

TEST(ScoringDurationSeconds, SplitsWholeSecondsLikeGo) {
  EXPECT_EQ(duration_seconds(std::chrono::milliseconds(50)), 0.05);
  EXPECT_EQ(duration_seconds(std::chrono::nanoseconds(-1'500'000'000)), -1.5);
  EXPECT_EQ(duration_seconds(std::chrono::seconds(5)), 5.0);
}

}  // namespace
}  // namespace ntpmon::scoring
