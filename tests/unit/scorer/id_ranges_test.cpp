// The cursor and gap arithmetic of monitor-scorer (daemons/monitor-scorer/id_ranges.h).
#include <gtest/gtest.h>

#include <vector>

#include "id_ranges.h"

namespace ntpmon::scorer {
namespace {

TEST(ScorerIdRanges, MissingSpans) {
  struct Case {
    std::uint64_t after;
    std::vector<std::uint64_t> ids;
    std::vector<IdSpan> missing;
  };
  for (const auto& c : std::vector<Case>{
           {100, {101, 102, 103}, {}},
           {100, {}, {}},
           {100, {105, 20000, 20001}, {{101, 104}, {106, 19999}}},
           {105, {20000, 20001, 20002}, {{106, 19999}}},
           {100, {101, 103, 106}, {{102, 102}, {104, 105}}},
       }) {
    EXPECT_EQ(missing_spans(c.after, c.ids), c.missing) << c.after;
  }
}

TEST(ScorerIdRanges, SubtractIds) {
  struct Case {
    IdSpan gap;
    std::vector<std::uint64_t> present;
    std::vector<IdSpan> rest;
  };
  for (const auto& c : std::vector<Case>{
           {{10, 20}, {}, {{10, 20}}},
           {{10, 20}, {10}, {{11, 20}}},
           {{10, 20}, {20}, {{10, 19}}},
           {{10, 20}, {15}, {{10, 14}, {16, 20}}},
           {{10, 10}, {10}, {}},
           {{10, 20}, {10, 11, 12, 20}, {{13, 19}}},
           {{10, 20}, {5, 25}, {{10, 20}}},
       }) {
    EXPECT_EQ(subtract_ids(c.gap, c.present), c.rest) << c.gap.first << ".." << c.gap.last;
  }
}

}  // namespace
}  // namespace ntpmon::scorer
