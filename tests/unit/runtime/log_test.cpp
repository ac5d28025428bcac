// logfmt encoding and the Logger value.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <thread>

#include "log/default_logger.h"
#include "log/duration_text.h"
#include "log/logfmt.h"
#include "log/logger.h"
#include "case_name.h"

namespace ntpmon::log {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;

struct EscapeCase {
  std::string input;
  std::string encoded;
};

void PrintTo(const EscapeCase& c, std::ostream* os) { *os << testing_support::readable(c.input); }

class RuntimeLogfmtEscape : public ::testing::TestWithParam<EscapeCase> {};

TEST_P(RuntimeLogfmtEscape, EncodesValue) {
  std::string out;
  append_value(out, GetParam().input);
  EXPECT_EQ(out, GetParam().encoded);
}

INSTANTIATE_TEST_SUITE_P(
    Runtime, RuntimeLogfmtEscape,
    ::testing::Values(EscapeCase{"plain", "plain"}, EscapeCase{"42", "42"},
                      EscapeCase{"a-b_c.d/e:f", "a-b_c.d/e:f"},
                      EscapeCase{"", "\"\""},  // empty is quoted
                      EscapeCase{"two words", "\"two words\""}, EscapeCase{"a=b", "\"a=b\""},
                      EscapeCase{"say \"hi\"", "\"say \\\"hi\\\"\""},
                      EscapeCase{"back\\slash", "\"back\\\\slash\""},
                      EscapeCase{"line\nbreak", "\"line\\nbreak\""},
                      EscapeCase{"tab\there", "\"tab\\there\""},
                      EscapeCase{"cr\rhere", "\"cr\\rhere\""},
                      EscapeCase{std::string("nul\0x", 5), "\"nul\\u0000x\""},
                      EscapeCase{"bell\x07", "\"bell\\u0007\""},
                      EscapeCase{"del\x7f", "\"del\\u007f\""},
                      EscapeCase{"caf\xc3\xa9", "caf\xc3\xa9"}));  // UTF-8 stays bare

TEST(RuntimeLogfmt, KeysAreSanitized) {
  EXPECT_EQ(sanitize_key("server_id"), "server_id");
  EXPECT_EQ(sanitize_key("bad key=x\"y"), "bad_key_x_y");
  EXPECT_EQ(sanitize_key(""), "_");
}

TEST(RuntimeLogfmt, TimestampIsUtcWithMilliseconds) {
  using namespace std::chrono;
  sys_time<milliseconds> t = sys_days{2026y / 1 / 2} + 3h + 4min + 5s + 123ms;
  EXPECT_EQ(format_timestamp(t), "2026-01-02T03:04:05.123Z");
  EXPECT_EQ(format_timestamp(sys_days{1999y / 12 / 31} + 23h + 59min + 59s + 7ms),
            "1999-12-31T23:59:59.007Z");
}

TEST(RuntimeLogfmt, LineOrderIsTsLevelMsgFixedThenCallFields) {
  using namespace std::chrono;
  sys_time<milliseconds> t = sys_days{2026y / 1 / 2} + 3h + 4min + 5s + 123ms;
  std::vector<Field> fixed{{"component", "scorer"}};
  std::vector<Field> call{{"server_id", 42}, {"err", "lock wait timeout"}};
  EXPECT_EQ(format_line(t, Level::warn, "batch failed", fixed, call),
            "ts=2026-01-02T03:04:05.123Z level=warn msg=\"batch failed\" component=scorer "
            "server_id=42 err=\"lock wait timeout\"\n");
}

TEST(RuntimeLogField, RendersTypes) {
  EXPECT_EQ(Field("k", 42).value, "42");
  EXPECT_EQ(Field("k", -7L).value, "-7");
  EXPECT_EQ(Field("k", 18446744073709551615ULL).value, "18446744073709551615");
  EXPECT_EQ(Field("k", 0.25).value, "0.25");
  EXPECT_EQ(Field("k", true).value, "true");
  EXPECT_EQ(Field("k", "text").value, "text");
  EXPECT_EQ(Field("k", std::string("s")).value, "s");
  EXPECT_EQ(Field("k", std::string_view("sv")).value, "sv");
  EXPECT_EQ(Field("k", std::optional<int>()).value, "null");
  EXPECT_EQ(Field("k", std::optional<int>(3)).value, "3");
  EXPECT_EQ(Field("k", std::runtime_error("boom")).value, "boom");
  EXPECT_EQ(Field("k", 1500ms).value, "1.5s");
}

TEST(RuntimeLogField, DurationsReadLikeGo) {
  EXPECT_EQ(format_go_duration(0ns), "0s");
  EXPECT_EQ(format_go_duration(999ns), "999ns");
  EXPECT_EQ(format_go_duration(1500ns), "1.5µs");
  EXPECT_EQ(format_go_duration(250ms), "250ms");
  EXPECT_EQ(format_go_duration(1s), "1s");
  EXPECT_EQ(format_go_duration(90s), "1m30s");
  EXPECT_EQ(format_go_duration(1h), "1h0m0s");
  EXPECT_EQ(format_go_duration(-2500ms), "-2.5s");
}

// Strips the timestamp so lines can be compared exactly.
std::vector<std::string> without_ts(const std::vector<std::string>& lines) {
  std::vector<std::string> out;
  static const std::regex ts("^ts=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z ");
  for (const auto& l : lines) {
    EXPECT_TRUE(std::regex_search(l, ts)) << l;
    out.push_back(std::regex_replace(l, ts, ""));
  }
  return out;
}

TEST(RuntimeLogger, FixedFieldsThresholdAndDerivedLoggers) {
  auto sink = std::make_shared<MemorySink>();
  Logger root(sink, Level::info);
  Logger scorer = root.with({{"component", "scorer"}});
  Logger batch = scorer.with({{"batch", 7}, {"component", "scorer2"}});

  root.debug("hidden");
  scorer.info("started", {{"workers", 2}});
  batch.error("failed", {{"err", "deadlock found"}});
  root.set_level(Level::debug);  // shared by every derived logger
  scorer.debug("now visible");

  EXPECT_THAT(without_ts(sink->lines()),
              ElementsAre("level=info msg=\"started\" component=scorer workers=2",
                          "level=error msg=\"failed\" component=scorer2 batch=7 err=\"deadlock found\"",
                          "level=debug msg=\"now visible\" component=scorer"));
  EXPECT_TRUE(batch.enabled(Level::debug));
}

TEST(RuntimeLogger, ConcurrentLinesStayWhole) {
  auto sink = std::make_shared<MemorySink>();
  Logger logger(sink, Level::info);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) logger.info("tick", {{"thread", t}, {"i", i}});
    });
  }
  for (auto& th : threads) th.join();
  auto lines = sink->lines();
  ASSERT_EQ(lines.size(), 800u);
  static const std::regex whole("^ts=\\S+ level=info msg=\"tick\" thread=\\d i=\\d+$");
  for (const auto& l : lines) EXPECT_TRUE(std::regex_match(l, whole)) << l;
}

TEST(RuntimeLogger, DefaultLoggerCanBeReplaced) {
  auto sink = std::make_shared<MemorySink>();
  Logger before = default_logger();
  set_default_logger(Logger(sink, Level::warn));
  default_logger().warn("to memory");
  default_logger().info("below threshold");
  set_default_logger(before);
  EXPECT_THAT(without_ts(sink->lines()), ElementsAre("level=warn msg=\"to memory\""));
}

TEST(RuntimeLogLevel, ParsesNames) {
  EXPECT_EQ(parse_level("DEBUG"), Level::debug);
  EXPECT_EQ(parse_level("info"), Level::info);
  EXPECT_EQ(parse_level("warning"), Level::warn);
  EXPECT_EQ(parse_level("error"), Level::error);
  EXPECT_EQ(parse_level("loud"), std::nullopt);
}

}  // namespace
}  // namespace ntpmon::log
