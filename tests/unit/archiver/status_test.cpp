// The interval gate of a status row (spec/archiver.md §2.3 step 2, §4.1).
#include <gtest/gtest.h>

#include "archive_status.h"
#include "run_lock.h"

namespace ntpmon::archiver {
namespace {

struct GateCase {
  const char* name;
  std::int64_t modified_unix;
  std::int64_t now_unix;
  std::int64_t interval;
  bool too_soon;
};

class ArchiverIntervalGate : public testing::TestWithParam<GateCase> {};

TEST_P(ArchiverIntervalGate, Decides) {
  const auto& c = GetParam();
  ArchiveStatus s{"fileavro", 500001, c.modified_unix, c.now_unix};
  EXPECT_EQ(s.too_soon(c.interval), c.too_soon);
}

constexpr std::int64_t kNow = 1700000000;
constexpr std::int64_t kHour = 3600;

INSTANTIATE_TEST_SUITE_P(
    Cases, ArchiverIntervalGate,
    testing::Values(GateCase{"zero_time_proceeds", 0, kNow, kHour, false},
                    GateCase{"half_hour_ago_with_1h_skips", kNow - kHour / 2, kNow, kHour, true},
                    GateCase{"two_hours_ago_with_1h_proceeds", kNow - 2 * kHour, kNow, kHour, false},
                    GateCase{"tv9_23h_ago_skips", kNow - 23 * kHour, kNow, 24 * kHour, true},
                    GateCase{"tv9_25h_ago_proceeds", kNow - 25 * kHour, kNow, 24 * kHour, false},
                    GateCase{"exactly_interval_proceeds", kNow - kHour, kNow, kHour, false},
                    GateCase{"no_interval_always_proceeds", kNow, kNow, 0, false},
                    GateCase{"tv16_cleanup_3min_ago_skips", kNow - 180, kNow, 240, true},
                    GateCase{"tv16_cleanup_10min_ago_proceeds", kNow - 600, kNow, 240, false}),
    [](const testing::TestParamInfo<GateCase>& info) { return std::string(info.param.name); });

TEST(ArchiverStatus, AfterIdIsTheMarkerOrZero) {
  EXPECT_EQ((ArchiveStatus{"a", std::nullopt, 0, 0}).after_id(), 0u);
  EXPECT_EQ((ArchiveStatus{"a", 42, 0, 0}).after_id(), 42u);
}

TEST(ArchiverRunLock, NamePerTable) {
  EXPECT_EQ(run_lock_name("log_scores"), "archiver-log_scores");
  EXPECT_EQ(run_lock_name("test"), "archiver-test");
  EXPECT_EQ(run_lock_name("log_scores", "{table}@{table}"), "log_scores@log_scores");
  EXPECT_THROW(run_lock_name("log_scores", std::string(60, 'x') + "{table}"), std::invalid_argument);
}

}  // namespace
}  // namespace ntpmon::archiver
