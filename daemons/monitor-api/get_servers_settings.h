#pragma once
// The GetServers knobs in system_settings key 'monitors' (spec/api.md §4.4 step 2, §6.3,
// scorer.md §3.1 step 3):
//   {"interval_active":"9m","interval_testing":"45m","interval_all":"1m","batch_size":10}
// Durations are Go duration strings; a bare number is seconds (§13 item 10). Values below the
// thresholds are replaced by the defaults; a missing row or bad JSON leaves the defaults for
// what did not parse (the problem is reported for the log).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ntpmon::monitor_api {

inline constexpr const char* kMonitorsSettingKey = "monitors";

struct GetServersSettings {
  std::chrono::seconds interval_active{540};   // replaced when < 20 s
  std::chrono::seconds interval_testing{2700};  // replaced when < 60 s
  std::chrono::seconds interval_all{60};        // replaced when < 10 s
  std::uint32_t batch_size = 10;                // replaced when <= 0; at most 500 (one submit)
};

struct ParsedGetServersSettings {
  GetServersSettings settings;
  std::string problem;  // empty when the value parsed cleanly
};

ParsedGetServersSettings parse_get_servers_settings(std::optional<std::string_view> json);

}  // namespace ntpmon::monitor_api
