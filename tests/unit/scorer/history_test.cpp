// spec/scorer.md §9.5: the scorer history (isNew), H1-H14. With the B1 fix the caller passes
// the computed scorer score; the rule itself is unchanged.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scoring/history.h"

namespace ntpmon::scoring {
namespace {

using namespace std::chrono_literals;
using std::chrono::sys_seconds;

const sys_seconds T0{std::chrono::sys_days{std::chrono::year{2026} / 1 / 1}};

struct Step {
  int server;
  int t;  // seconds from T0
  double score;
  bool expected;
};

struct HistoryCase {
  const char* id;
  std::vector<Step> steps;
};

class ScoringHistory : public ::testing::TestWithParam<HistoryCase> {};

TEST_P(ScoringHistory, MatchesVector) {
  const auto& c = GetParam();
  std::map<int, std::optional<RecordedScore>> state;
  for (std::size_t i = 0; i < c.steps.size(); ++i) {
    const auto& s = c.steps[i];
    EXPECT_EQ(record_if_new(state[s.server], {T0 + std::chrono::seconds(s.t), s.score}), s.expected)
        << c.id << " step " << i;
  }
}

constexpr double kH1 = 19.8022327058068;

INSTANTIATE_TEST_SUITE_P(
    Vectors, ScoringHistory,
    ::testing::Values(
        HistoryCase{"H1", {{1, 0, kH1, true}, {1, 60, kH1, false}, {1, 900, kH1, true}, {1, 1200, 19.8022327058, true}}},
        HistoryCase{"H2", {{1, 0, kH1, true}, {1, 900, kH1, true}, {1, 1140, 19.8022327058, false}}},
        HistoryCase{"H3", {{1, 0, 20, true}, {1, 899, 20, false}, {1, 900, 20, true}}},
        HistoryCase{"H4", {{1, 0, 20, true}, {1, 60, 22, true}}},
        HistoryCase{"H5", {{1, 0, 20, true}, {1, 60, 21, false}}},
        HistoryCase{"H6", {{1, 0, 20, true}, {1, 60, 20.9, false}, {1, 300, 20.9, true}}},
        HistoryCase{"H7", {{1, 600, 20, true}, {1, 0, 5, false}, {1, 601, 5, true}}},
        HistoryCase{"H8", {{1, 0, 0, true}, {1, 60, 0, false}, {1, 120, 0.5, true}}},
        HistoryCase{"H9", {{1, 0, 10, true}, {1, 60, 0, true}}},
        HistoryCase{"H10", {{1, 0, -20, true}, {1, 60, -19.5, false}}},
        HistoryCase{"H11", {{1, 0, 20, true}, {1, 0, 5, true}}},
        HistoryCase{"H12", {{1, 0, 19, true}, {1, 60, 19.95, false}}},
        HistoryCase{"H13", {{1, 0, 20, true}, {2, 10, 20, true}, {1, 20, 20, false}}}),
    [](const auto& info) { return std::string(info.param.id); });

TEST(ScoringHistory, H14DecreasingTimestampsOnlyFirstIsNew) {
  std::optional<RecordedScore> last;
  const sys_seconds now = T0 + 24h;
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(record_if_new(last, {now - std::chrono::minutes(i), 20.0}), i == 0) << i;
  }
}

TEST(ScoringHistory, OutOfOrderRowLeavesStateAlone) {
  std::optional<RecordedScore> last = RecordedScore{T0 + 600s, 20};
  EXPECT_FALSE(record_if_new(last, {T0, 5}));
  EXPECT_EQ(last, (RecordedScore{T0 + 600s, 20}));
}

}  // namespace
}  // namespace ntpmon::scoring
