// The agent version from the User-Agent and version comparison (spec/api.md §3.7).
#include <gtest/gtest.h>

#include "client_version.h"

namespace ntpmon::monitor_api {
namespace {

TEST(ApiClientVersion, FromUserAgent) {
  EXPECT_EQ(client_version_from_user_agent("ntppool-agent/4.1.5"), "4.1.5");
  EXPECT_EQ(client_version_from_user_agent("ntppool-monitor/3.8.6"), "3.8.6");
  EXPECT_EQ(client_version_from_user_agent("ntpmon/v3.2.1"), "v3.2.1");
  EXPECT_EQ(client_version_from_user_agent("curl/8.0"), "curl/8.0");
  EXPECT_EQ(client_version_from_user_agent("ntppool-agent/1\x01\xff"), "1??");
  EXPECT_EQ(client_version_from_user_agent(std::string(300, 'x')).size(), kMaxClientVersionLength);
}

TEST(ApiClientVersion, SemverAtLeast) {
  struct Case {
    const char* version;
    const char* minimum;
    bool expected;
  };
  for (const auto& c : {Case{"v3.8.5", "v3.8.5", true}, Case{"3.8.5", "v3.8.5", true}, Case{"3.8.4", "v3.8.5", false},
                        Case{"3.10.0", "v3.8.5", true}, Case{"4.0.0", "v3.8.5", true},
                        Case{"3.8.5-rc1", "v3.8.5", false}, Case{"3.8.6-rc1", "v3.8.5", true},
                        Case{"1.0.0-alpha", "1.0.0-alpha.1", false}, Case{"1.0.0-alpha.beta", "1.0.0-alpha.1", true},
                        Case{"1.0.0-rc.11", "1.0.0-rc.2", true}, Case{"3.8.5+build7", "v3.8.5", true},
                        Case{"dev-snapshot", "v3.8.5", false}, Case{"", "v3.8.5", false}, Case{"3.8", "v3.8.5", false},
                        Case{"03.8.5", "v3.8.5", false}}) {
    EXPECT_EQ(version_at_least(c.version, c.minimum), c.expected) << c.version << " >= " << c.minimum;
  }
  EXPECT_TRUE(trusts_zero_offset("3.8.5/go1.22"));
  EXPECT_FALSE(trusts_zero_offset("3.8.4/go1.22"));
}

}  // namespace
}  // namespace ntpmon::monitor_api
