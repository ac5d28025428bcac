#pragma once
// The GetServers knobs in system_settings key 'monitors' (spec/api.md §4.4 step 2, §6.3,
// scorer.md §3.1 step 3):
//   {"interval_active":"9m","interval_testing":"45m","interval_all":"1m","batch_size":10}
// Durations are Go duration strings; a bare number is seconds (§13 item 10). Values below the
// thresholds (see IntervalFloors) are replaced by the defaults; a missing row or bad JSON leaves the defaults for
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

// Which intervals are too short to honour. kProduction is §4.4 (20 s / 60 s / 10 s); a
// development deployment may accept anything from 1 s (setting get_servers.short_intervals) so
// that a local run shows scores moving within minutes.
enum class IntervalFloors { kProduction, kDevelopment };

ParsedGetServersSettings parse_get_servers_settings(std::optional<std::string_view> json,
                                                    IntervalFloors floors = IntervalFloors::kProduction);

}  // namespace ntpmon::monitor_api
