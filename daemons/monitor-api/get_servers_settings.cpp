#include "get_servers_settings.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "api/json_codec.h"
#include "config/value_parse.h"

namespace ntpmon::monitor_api {
namespace {

using json = nlohmann::json;

// nullopt (with a problem) when the value is neither a duration string nor a number.
std::optional<std::chrono::seconds> duration_value(const json& v, std::string& problem, const char* key) {
  if (v.is_string()) {
    if (auto d = config::parse_duration(v.get<std::string>())) {
      return std::chrono::duration_cast<std::chrono::seconds>(*d);
    }
  } else if (v.is_number() && std::isfinite(v.get<double>()) && std::fabs(v.get<double>()) < 1e9) {
    return std::chrono::seconds(static_cast<long long>(v.get<double>()));
  }
  problem += std::string(problem.empty() ? "" : "; ") + key + " is not a duration";
  return std::nullopt;
}

}  // namespace

ParsedGetServersSettings parse_get_servers_settings(std::optional<std::string_view> text, IntervalFloors floors) {
  using namespace std::chrono;
  ParsedGetServersSettings out;
  GetServersSettings defaults;
  seconds active{0}, testing{0}, all{0};
  long long batch = 0;
  if (!text) {
    out.problem = "no system_settings row 'monitors'";
  } else {
    json doc = json::parse(*text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
      out.problem = "system_settings 'monitors' is not a JSON object";
    } else {
      if (auto it = doc.find("interval_active"); it != doc.end()) {
        active = duration_value(*it, out.problem, "interval_active").value_or(seconds(0));
      }
      if (auto it = doc.find("interval_testing"); it != doc.end()) {
        testing = duration_value(*it, out.problem, "interval_testing").value_or(seconds(0));
      }
      if (auto it = doc.find("interval_all"); it != doc.end()) {
        all = duration_value(*it, out.problem, "interval_all").value_or(seconds(0));
      }
      if (auto it = doc.find("batch_size"); it != doc.end()) {
        if (it->is_number_integer()) {
          batch = it->get<long long>();
        } else {
          out.problem += std::string(out.problem.empty() ? "" : "; ") + "batch_size is not an integer";
        }
      }
    }
  }
  auto& s = out.settings;
  const bool production = floors == IntervalFloors::kProduction;
  s.interval_active = active < seconds(production ? 20 : 1) ? defaults.interval_active : active;
  s.interval_testing = testing < seconds(production ? 60 : 1) ? defaults.interval_testing : testing;
  s.interval_all = all < seconds(production ? 10 : 1) ? defaults.interval_all : all;
  s.batch_size = batch <= 0 ? defaults.batch_size
                            : static_cast<std::uint32_t>(std::min<long long>(batch, api::kMaxResultsPerSubmit));
  // Bound the intervals so that they fit the query's int unsigned parameters.
  constexpr seconds kMaxInterval{std::chrono::hours(24 * 365)};
  s.interval_active = std::min(s.interval_active, kMaxInterval);
  s.interval_testing = std::min(s.interval_testing, kMaxInterval);
  s.interval_all = std::min(s.interval_all, kMaxInterval);
  return out;
}

}  // namespace ntpmon::monitor_api
