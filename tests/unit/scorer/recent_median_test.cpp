// spec/scorer.md §9.4: the recentmedian choice (M1-M18) and its attributes (A1-A5), with the
// project's fixes B7 (stage 3 includes active), B9 (one row per monitor) and B10 (the chosen
// row is recorded).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scoring/attributes.h"
#include "scoring/recent_median.h"

namespace ntpmon::scoring {
namespace {

using namespace std::chrono_literals;
using std::chrono::sys_seconds;

const sys_seconds T{std::chrono::sys_days{std::chrono::year{2026} / 1 / 1} + 12h};

constexpr std::uint32_t A = 1, B = 2, C = 3, D = 4, P = 9;

RecentRow row(std::uint64_t id, std::uint32_t monitor, sys_seconds ts, double score, std::int32_t rtt = 0) {
  RecentRow r;
  r.id = id;
  r.monitor_id = monitor;
  r.ts = ts;
  r.score = score;
  r.rtt = rtt;
  return r;
}

// ---- §6.3 the pick (M1-M12): candidates in query order (ts ascending) ----

struct PickCase {
  const char* id;
  std::vector<RecentRow> candidates;
  std::size_t chosen;
};

class ScoringMedianPick : public ::testing::TestWithParam<PickCase> {};

TEST_P(ScoringMedianPick, MatchesVector) {
  const auto& c = GetParam();
  EXPECT_EQ(pick_median(c.candidates), c.chosen) << c.id;
}

std::vector<RecentRow> scores(std::initializer_list<double> values) {
  std::vector<RecentRow> out;
  std::uint64_t id = 1;
  for (double v : values) {
    out.push_back(row(id, static_cast<std::uint32_t>(id), T, v, 1000));
    ++id;
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(
    Vectors, ScoringMedianPick,
    ::testing::Values(
        PickCase{"M1", {row(1, A, T, 19, 1000)}, 0},
        PickCase{"M2", {row(1, A, T - 60s, 5, 1000), row(2, B, T, 19, 2000)}, 0},
        PickCase{"M3", {row(1, A, T - 60s, 19, 1000), row(2, B, T, 5, 2000)}, 0},
        PickCase{"M4", scores({19.5, 10, 20}), 0},
        PickCase{"M5", scores({20, 18, 19, -5}), 1},
        PickCase{"M6", scores({1, 2, 3, 4, 5}), 2},
        PickCase{"M7", scores({6, 5, 4, 3, 2, 1}), 3},
        PickCase{"M8", {row(1, A, T, 19.9, 50000), row(2, B, T, 19.9, 10000), row(3, C, T, 15, 3000)}, 1},
        PickCase{"M9", {row(1, A, T, 20, 0), row(2, B, T, 20, 5000), row(3, C, T, 20, 1000)}, 2},
        PickCase{"M10", {row(1, A, T, 20, 100), row(2, B, T, 20, 100), row(3, C, T, 20, 100)}, 1},
        PickCase{"M11", scores({-100, 20, 20, 20}), 1},
        PickCase{"M12", {row(1, A, T, 10, 300), row(2, B, T, 10, 200), row(3, C, T, 12, 100), row(4, D, T, 8, 400)}, 1}),
    [](const auto& info) { return std::string(info.param.id); });

// ---- §6.1-§6.2 the candidate set (M13-M18, B7, B9) ----

struct LadderCase {
  const char* id;
  std::vector<RecentRow> rows;                       // one server's rows, any order
  std::map<std::uint32_t, PairStatus> statuses;
  std::optional<std::uint64_t> chosen_row_id;        // nullopt: "no recent scores found"
  int stage = 0;
};

class ScoringRecentLadder : public ::testing::TestWithParam<LadderCase> {};

TEST_P(ScoringRecentLadder, MatchesVector) {
  const auto& c = GetParam();
  auto rows = c.rows;
  std::sort(rows.begin(), rows.end(), recent_row_before);
  const auto set = recent_candidates(rows, T, [&](std::uint32_t m) -> std::optional<PairStatus> {
    auto it = c.statuses.find(m);
    if (it == c.statuses.end()) return std::nullopt;
    return it->second;
  });
  if (!c.chosen_row_id) {
    EXPECT_TRUE(set.rows.empty()) << c.id;
    EXPECT_EQ(set.stage, 0) << c.id;
    return;
  }
  ASSERT_FALSE(set.rows.empty()) << c.id;
  EXPECT_EQ(set.stage, c.stage) << c.id;
  std::vector<RecentRow> candidates;
  for (auto i : set.rows) candidates.push_back(rows[i]);
  EXPECT_TRUE(std::is_sorted(candidates.begin(), candidates.end(), recent_row_before)) << c.id;
  EXPECT_EQ(candidates[pick_median(candidates)].id, *c.chosen_row_id) << c.id;
}

INSTANTIATE_TEST_SUITE_P(
    Vectors, ScoringRecentLadder,
    ::testing::Values(
        // M13 (B9): only A's newest row counts: {20, 19, 18} -> 19 (B).
        LadderCase{"M13",
                   {row(1, A, T - 5min, 10), row(2, A, T - 1min, 20), row(3, B, T, 19), row(4, C, T, 18)},
                   {{A, PairStatus::active}, {B, PairStatus::active}, {C, PairStatus::active}}, 3, 1},
        // M14: stage 1 empty, stage 2 {A, B}: two rows -> the earliest (A); C (candidate) unused.
        LadderCase{"M14",
                   {row(1, A, T - 30min, 19), row(2, B, T - 10min, 15), row(3, C, T, 5)},
                   {{A, PairStatus::active}, {B, PairStatus::testing}, {C, PairStatus::candidate}}, 1, 2},
        // M15 with the B7 fix: stage 3 now sees the active monitor 50 min back (the original
        // errors out here).
        LadderCase{"M15_B7", {row(1, A, T - 50min, 17), row(2, P, T, 3)},
                   {{A, PairStatus::active}, {P, PairStatus::paused}}, 1, 3},
        LadderCase{"M16", {row(1, A, T - 100min, 12), row(2, P, T, 3)},
                   {{A, PairStatus::candidate}, {P, PairStatus::paused}}, 1, 3},
        LadderCase{"M17", {row(1, A, T, 19)}, {{A, PairStatus::paused}}, std::nullopt},
        // M18: B's row after the input's ts is ignored.
        LadderCase{"M18", {row(1, A, T, 19), row(2, B, T + 1min, 5)},
                   {{A, PairStatus::active}, {B, PairStatus::active}}, 1, 1},
        // B9: two rows of A with the same second: only the higher id counts, so there are two
        // candidates (A#2, B) and the earliest-ts rule picks A's newest row.
        LadderCase{"B9_SameSecond", {row(1, A, T - 2min, 10), row(2, A, T - 2min, 11), row(3, B, T, 19)},
                   {{A, PairStatus::active}, {B, PairStatus::active}}, 2, 1},
        // Lookback bounds are inclusive: exactly 1200 s back is stage 1; 1201 s is not.
        LadderCase{"Stage1Inclusive", {row(1, A, T - 1200s, 19)}, {{A, PairStatus::active}}, 1, 1},
        LadderCase{"Stage2After1201", {row(1, A, T - 1201s, 19)}, {{A, PairStatus::active}}, 1, 2},
        LadderCase{"Beyond7200", {row(1, A, T - 7201s, 19)}, {{A, PairStatus::active}}, std::nullopt},
        // No server_scores pair: never a candidate.
        LadderCase{"NoPair", {row(1, A, T, 19)}, {}, std::nullopt}),
    [](const auto& info) { return std::string(info.param.id); });

// ---- §6.4 attributes (A1-A5) with B10 ----

struct AttributeCase {
  const char* id;
  std::optional<std::string> chosen;
  std::string expected;
};

class ScoringMedianAttributes : public ::testing::TestWithParam<AttributeCase> {};

TEST_P(ScoringMedianAttributes, MatchesVector) {
  const auto& c = GetParam();
  MedianProvenance p;
  p.input_ls_id = 12345;
  p.scorer_ss_id = 678;
  p.chosen_ls_id = 12000;
  p.chosen_monitor_id = 7;
  const std::optional<std::string_view> chosen =
      c.chosen ? std::optional<std::string_view>(*c.chosen) : std::nullopt;
  EXPECT_EQ(recent_median_attributes(chosen, p), c.expected) << c.id;
}

INSTANTIATE_TEST_SUITE_P(
    Vectors, ScoringMedianAttributes,
    ::testing::Values(
        AttributeCase{"A1", std::nullopt, R"({"from_ls_id":12345,"from_ss_id":678,"chosen_ls_id":12000,"chosen_monitor_id":7})"},
        AttributeCase{"A2", R"({"leap":1})",
                      R"({"leap":1,"from_ls_id":12345,"from_ss_id":678,"chosen_ls_id":12000,"chosen_monitor_id":7})"},
        AttributeCase{"A3", R"({"error":"RATE","foo":1})",
                      R"({"error":"RATE","from_ls_id":12345,"from_ss_id":678,"chosen_ls_id":12000,"chosen_monitor_id":7})"},
        AttributeCase{"A4", R"({"leap":3,"error":"RATE"})",
                      R"({"leap":3,"error":"RATE","from_ls_id":12345,"from_ss_id":678,"chosen_ls_id":12000,"chosen_monitor_id":7})"}),
    [](const auto& info) { return std::string(info.param.id); });

TEST(ScoringMedianAttributes, A5NotJsonIsAScoringError) {
  EXPECT_THROW(recent_median_attributes(std::string_view("not json"), MedianProvenance{}), AttributesError);
}

TEST(ScoringMedianAttributes, LeapOutOfInt8RangeIsAScoringError) {
  EXPECT_THROW(recent_median_attributes(std::string_view(R"({"leap":300})"), MedianProvenance{}), AttributesError);
}

}  // namespace
}  // namespace ntpmon::scoring
