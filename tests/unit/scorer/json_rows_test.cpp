// The JSON documents monitor-scorer hands to its write procedures.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>

#include "json_rows.h"

namespace ntpmon::scorer {
namespace {

TEST(ScorerJsonRows, ObjectsWithAbsentNulls) {
  JsonRows j;
  EXPECT_EQ(JsonRows().take(), "[]");
  j.begin_row();
  j.field("s", std::uint32_t{7});
  j.field("t", std::chrono::sys_seconds{std::chrono::sys_days{std::chrono::year{2026} / 1 / 2}} + std::chrono::seconds(3));
  j.field("o", std::optional<double>{});
  j.field("c", -0.19220000000000004);
  j.begin_row();
  j.field("a", std::string_view("{\"error\":\"a<b\"}"));
  j.field("r", std::optional<std::int32_t>{-12});
  EXPECT_EQ(j.take(), R"([{"s":7,"t":"2026-01-02 00:00:03","c":-0.19220000000000004},{"a":"{\"error\":\"a\u003cb\"}","r":-12}])");
  EXPECT_TRUE(j.empty());
}

TEST(ScorerJsonRows, DoublesRoundTrip) {
  for (double v : {19.8022327058068, 15.875668886372987, -0.9999999999999999, 1e-300, 5e-324, 1.7976931348623157e308}) {
    JsonRows j;
    j.begin_row();
    j.field("c", v);
    const auto text = j.take();
    const auto start = text.find(':') + 1;
    EXPECT_EQ(std::strtod(text.c_str() + start, nullptr), v) << text;
  }
}

TEST(ScorerJsonRows, RejectsNonFiniteNumbers) {
  JsonRows j;
  j.begin_row();
  EXPECT_THROW(j.field("c", std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
  EXPECT_THROW(j.field("c", std::numeric_limits<double>::infinity()), std::invalid_argument);
}

}  // namespace
}  // namespace ntpmon::scorer
