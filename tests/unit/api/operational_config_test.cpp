// The agent's operational config: defaults row + merge patch (spec/api.md §6).
#include <gtest/gtest.h>

#include "operational_config.h"

namespace ntpmon::monitor_api {
namespace {

TEST(ApiOperationalConfig, MergePatchOverDefaults) {
  auto c = build_config_response(
      R"({"samples":3,"base_checks":["time.example.org","ntp1.example.net"],"otlp_log_level":"info","unknown":1})",
      R"({"nat_ip":"10.0.0.5","otlp_log_level":null,"samples":5})", "192.0.2.10");
  EXPECT_EQ(c.samples, 5);
  EXPECT_EQ(c.base_checks, (std::vector<std::string>{"time.example.org", "ntp1.example.net"}));
  EXPECT_EQ(c.otlp_log_level, "");  // null deletes the key (RFC 7386)
  EXPECT_EQ(c.ip_bytes, std::string("\xc0\x00\x02\x0a", 4));
  EXPECT_EQ(c.ip_nat_bytes, std::string("\x0a\x00\x00\x05", 4));
}

TEST(ApiOperationalConfig, WithoutDefaultsTheMonitorConfigAlone) {
  auto c = build_config_response(std::nullopt, R"({"base_checks":["a"]})", "2001:db8::1");
  EXPECT_EQ(c.base_checks.size(), 1u);
  EXPECT_EQ(c.ip_bytes.size(), 16u);
  EXPECT_EQ(build_config_response(std::nullopt, "{}", "2001:db8::1").samples, 0);
}

TEST(ApiOperationalConfig, ErrorsNameTheProblem) {
  struct Case {
    std::optional<std::string> defaults;
    const char* config;
    const char* ip;
    const char* problem;
  };
  for (const auto& c : {Case{"not json", "{}", "192.0.2.1", "defaults row"}, Case{std::nullopt, "[1]", "192.0.2.1", "JSON object"},
                        Case{std::nullopt, R"({"samples":"3"})", "192.0.2.1", "samples"},
                        Case{std::nullopt, R"({"nat_ip":"nowhere"})", "192.0.2.1", "nat_ip"},
                        Case{std::nullopt, R"({"base_checks":[1]})", "192.0.2.1", "base_checks"},
                        Case{std::nullopt, "{}", "", "IP"}}) {
    try {
      std::optional<std::string_view> d;
      if (c.defaults) d = *c.defaults;
      build_config_response(d, c.config, c.ip);
      FAIL() << c.config;
    } catch (const ConfigBuildError& e) {
      EXPECT_NE(std::string(e.what()).find(c.problem), std::string::npos) << e.what();
    }
  }
}

TEST(ApiOperationalConfig, SystemRowNames) {
  EXPECT_EQ(system_settings_name("v4"), "settings-v4.system");
  EXPECT_EQ(system_settings_name("v6"), "settings-v6.system");
}

}  // namespace
}  // namespace ntpmon::monitor_api
