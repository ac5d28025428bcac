// The graph of spec scores-api.md §4.3-4.4: scales, ticks, colours and the SVG document.
#include <gtest/gtest.h>

#include <cmath>
#include <regex>

#include "fixture_rows.h"
#include "graph_scales.h"
#include "graph_ticks.h"
#include "svg_graph.h"

namespace ntpmon::web {
namespace {

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

TEST(WebGraph, ScoreScaleMatchesSpecValues) {
  ScoreScale y{246};
  // §4.3 lists 20 -> 8.52, 0 -> 80.67, -20 -> 152.82, -50 -> 194.75, -100 -> 242.03; its formula
  // y(s) = (5 - t(s)) / (5 + sqrt(105)) * H gives 8.517, 80.672, 152.827, 194.759, 242.016, so
  // the last three listed values are approximations: the formula is the rule tested here.
  const std::pair<double, double> cases[] = {{20, 8.52}, {0, 80.67}, {-20, 152.82}, {-50, 194.75}, {-100, 242.03}};
  for (auto [score, expected] : cases) EXPECT_NEAR(y(score), expected, 0.02) << score;
  for (double score : {20.0, 0.0, -20.0, -50.0, -100.0}) {
    double t = score < 0 ? -std::sqrt(-score) : std::sqrt(score);
    EXPECT_DOUBLE_EQ(y(score), (5 - t) / (5 + std::sqrt(105.0)) * 246) << score;
  }
  EXPECT_NEAR(y(25), 0, 1e-9);
}

TEST(WebGraph, OffsetScaleIsSignedSqrtClampedAndCapped) {
  std::vector<std::optional<double>> offsets = {0.004, std::nullopt, -0.001, 5.0};
  OffsetScale s = OffsetScale::from_offsets(offsets, 246);
  EXPECT_EQ(s.omax, 2.0);  // capped
  EXPECT_EQ(s.omin, -0.001);
  EXPECT_EQ(s(2.0), 0);
  EXPECT_EQ(s(-0.001), 246);
  EXPECT_EQ(s(-1), 246);  // clamped
  double expected = (std::sqrt(2.0) - 0) / (std::sqrt(2.0) + std::sqrt(0.001)) * 246;
  EXPECT_NEAR(s(0), expected, 1e-9);
  OffsetScale none = OffsetScale::from_offsets(std::vector<std::optional<double>>{std::nullopt}, 246);
  EXPECT_EQ(none.omax, 0);
  EXPECT_EQ(none.omin, 0);
  EXPECT_EQ(none(0.5), 123);  // a flat domain maps to the middle
}

TEST(WebGraph, NiceLinearTicks) {
  EXPECT_EQ(nice_linear_ticks(0, 10, 8), (std::vector<double>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  EXPECT_EQ(nice_linear_ticks(0.004, -0.002, 8),
            (std::vector<double>{0.004, 0.003, 0.002, 0.001, 0, -0.001, -0.002}));
  EXPECT_EQ(nice_linear_ticks(2, -2, 8), (std::vector<double>{2, 1.5, 1, 0.5, 0, -0.5, -1, -1.5, -2}));
  EXPECT_EQ(nice_linear_ticks(0, 0, 8), (std::vector<double>{0}));
  EXPECT_EQ(nice_linear_ticks(0.0125, 0.0125, 8), (std::vector<double>{0.0125}));
}

TEST(WebGraph, OffsetTickLabels) {
  EXPECT_EQ(offset_tick_label(0.001, 0.002, -0.001), "1.0");
  EXPECT_EQ(offset_tick_label(-0.0005, 0.002, -0.001), "\u22120.5");
  EXPECT_EQ(offset_tick_label(-0.5, 2, -2), "\u2212500");
  EXPECT_EQ(offset_tick_label(0.003, 0.003, 0), "3");  // omax not below 3 ms: no decimals
}

TEST(WebGraph, FourDayRangeHasDailyTicksLabelledWithDates) {
  const std::int64_t day = 86400000;
  std::int64_t start = 1748433600000;  // 2025-05-28 12:00
  auto ticks = graph_time_ticks(start, start + 4 * day);
  ASSERT_EQ(ticks.size(), 4u);
  EXPECT_EQ(ticks[0].ms, 1748476800000);  // 2025-05-29 00:00
  EXPECT_EQ(ticks[0].label, "2025-05-29");
  EXPECT_EQ(ticks[3].label, "2025-06-01");
}

TEST(WebGraph, ShortRangeHasMinuteTicksLabelledHourMinute) {
  // 11:40 to 11:55 (data set 1): 15 min / 6 = 2.5 min -> 1 min (ratio 2.5) vs 5 min (ratio 2): 5 min.
  auto ticks = graph_time_ticks(1748778000000, 1748778900000);
  std::vector<std::string> labels;
  for (const auto& t : ticks) labels.push_back(t.label);
  EXPECT_EQ(labels, (std::vector<std::string>{"11:40", "11:45", "11:50", "11:55"}));
}

TEST(WebGraph, MultiDayRangeNotAtMidnightShowsDateAndTime) {
  // 2025-05-31 13:00 to 2025-06-01 13:00 plus one hour: 25 h / 5 = 5 h -> 6 h ticks.
  auto ticks = graph_time_ticks(1748696400000, 1748786400000);
  ASSERT_FALSE(ticks.empty());
  EXPECT_EQ(ticks[0].label, "2025-05-31 18:00");
  EXPECT_EQ(ticks[1].label, "2025-06-01");
  EXPECT_EQ(ticks[2].label, "06:00");
}

TEST(WebGraph, IntervalChoiceAndBoundaries) {
  // 2 hours / 6 = 20 min: 15 min (ratio 1.33) beats 30 min (1.5).
  auto ticks = utc_time_ticks(1748772000000, 1748779200000, 6);
  ASSERT_EQ(ticks.size(), 9u);
  EXPECT_EQ(ticks[1] - ticks[0], 15 * 60000);
  // Two days every 12 h at 00:00 and 12:00 UTC.
  auto halves = utc_time_ticks(1748736000000, 1748908800000, 5);  // 06-01 00:00 .. 06-03 00:00
  EXPECT_EQ(halves.front(), 1748736000000);
  EXPECT_EQ(halves[1] - halves[0], 12 * 3600000);
  // A single instant: one tick.
  EXPECT_EQ(utc_time_ticks(1748778000000, 1748778000000, 6), (std::vector<std::int64_t>{1748778000000}));
}

TEST(WebGraph, PointColours) {
  EXPECT_EQ(score_point_colour(-5), "darkslateblue");
  EXPECT_EQ(score_point_colour(-2), "orange");
  EXPECT_EQ(score_point_colour(-0.5), "orange");
  EXPECT_EQ(score_point_colour(0), "steelblue");
  EXPECT_EQ(score_point_colour(1), "steelblue");
  EXPECT_EQ(offset_point_colour(0.0249), "green");
  EXPECT_EQ(offset_point_colour(-0.025), "orange");
  EXPECT_EQ(offset_point_colour(0.0999), "orange");
  EXPECT_EQ(offset_point_colour(-0.1), "hotpink");
}

TEST(WebGraph, SvgHasOnePointPerEntryAndTheSpecifiedFrame) {
  auto entries = test::rows({1005, 1004, 1003, 1002, 1001});
  std::string svg = render_offset_graph("192.0.2.10", entries);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"score-graph\" width=\"640\" height=\"284\" "
                      "viewBox=\"0 0 640 284\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" "
                      "aria-label=\"Offset and scores for 192.0.2.10\">",
                      0),
            0u)
      << svg.substr(0, 300);
  EXPECT_NE(svg.find("<desc>Time series chart showing NTP server offset and score measurements over time</desc>"),
            std::string::npos);
  EXPECT_NE(svg.find("<g transform=\"translate(45,19)\">"), std::string::npos);
  EXPECT_EQ(count(svg, "r=\"1.5\""), 5u);  // score points
  EXPECT_EQ(count(svg, "r=\"1\""), 2u);    // offsets of rows 1001 and 1005
  EXPECT_NE(svg.find("font-weight=\"bold\">ms</text>"), std::string::npos);
  EXPECT_NE(svg.find(">Offset and scores for 192.0.2.10</text>"), std::string::npos);
  // Score labels at the right.
  for (const char* label : {">20<", ">0<", ">-20<", ">-50<", ">-100<"}) EXPECT_NE(svg.find(label), std::string::npos);
  // Row 1003 (step -5) is darkslateblue; 1005 (offset -0.7 us) green.
  EXPECT_EQ(count(svg, "fill=\"darkslateblue\""), 1u);
  EXPECT_EQ(count(svg, "fill=\"green\""), 2u);
  // The newest point at the right edge, the oldest at the left.
  EXPECT_NE(svg.find("<circle cx=\"550\" cy=\"" ), std::string::npos);
  EXPECT_NE(svg.find("<circle cx=\"0\" cy=\""), std::string::npos);
}

TEST(WebGraph, GraphOnlySizeAndEmptyHistory) {
  std::string svg = render_offset_graph("198.51.100.7", {}, {kGraphOnly, true});
  EXPECT_NE(svg.find("width=\"515\" height=\"204\" viewBox=\"0 0 515 204\""), std::string::npos);
  EXPECT_NE(svg.find("font-family=\"sans-serif\""), std::string::npos);
  EXPECT_EQ(count(svg, "<circle"), 0u);
}

TEST(WebGraph, AllEntriesAtOneInstantSitInTheMiddle) {
  auto entries = test::rows({1004, 1003});
  std::string svg = render_offset_graph("192.0.2.10", entries);
  EXPECT_EQ(count(svg, "<circle cx=\"275\""), 2u);
}

}  // namespace
}  // namespace ntpmon::web
