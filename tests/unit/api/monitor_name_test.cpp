// Monitor names (lib/api/monitor_name.h), spec/api.md §0 and §3.2.
#include <gtest/gtest.h>

#include "api/monitor_name.h"

namespace ntpmon::api {
namespace {

TEST(ApiMonitorName, ValidityRule) {
  for (const char* good : {"defra3-1gw2pjj.test.mon.ntppool.dev", "uspao1-21wase0.devel.mon.ntppool.dev",
                           "a.b.mon.ntppool.dev"}) {
    EXPECT_TRUE(is_valid_monitor_name(good)) << good;
  }
  for (const char* bad : {"mon.ntppool.dev", "x.mon.ntppool.dev", "a.b.c.mon.ntppool.dev", "*.test.mon.ntppool.dev",
                          "-a.test.mon.ntppool.dev", "a-.test.mon.ntppool.dev", "a_b.test.mon.ntppool.dev",
                          "a..mon.ntppool.dev", "a.test.xmon.ntppool.dev", "a.test.mon.ntppool.dev.",
                          "settings-v4.system", ""}) {
    EXPECT_FALSE(is_valid_monitor_name(bad)) << bad;
  }
  EXPECT_TRUE(is_valid_monitor_name("x1-abc.devel.example.net", "example.net"));
  EXPECT_FALSE(is_valid_monitor_name(std::string(64, 'a') + ".test.mon.ntppool.dev"));
}

TEST(ApiMonitorName, MakeAndDisplay) {
  EXPECT_EQ(make_tls_name("defra", 3, "1gw2pjj", "test").value_or(""), "defra3-1gw2pjj.test.mon.ntppool.dev");
  EXPECT_FALSE(make_tls_name("de.fr", 1, "abc", "test").has_value());
  EXPECT_EQ(display_name("defra3-1gw2pjj.test.mon.ntppool.dev"), "defra3-1gw2pjj");
  EXPECT_EQ(display_name("nodots"), "nodots");
}

}  // namespace
}  // namespace ntpmon::api
