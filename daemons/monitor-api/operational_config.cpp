#include "operational_config.h"

#include <limits>
#include <nlohmann/json.hpp>

#include "api/ip_address.h"

namespace ntpmon::monitor_api {
namespace {

using json = nlohmann::json;

json parse_object(std::string_view text, const char* what) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) throw ConfigBuildError(std::string(what) + " is not valid JSON");
  if (doc.is_null()) return json::object();
  if (!doc.is_object()) throw ConfigBuildError(std::string(what) + " is not a JSON object");
  return doc;
}

}  // namespace

std::string system_settings_name(std::string_view ip_version) {
  return "settings-" + std::string(ip_version) + ".system";
}

api::GetConfigResponse build_config_response(std::optional<std::string_view> defaults, std::string_view monitor_config,
                                             std::string_view monitor_ip) {
  json merged = defaults ? parse_object(*defaults, "the defaults row's config") : json::object();
  merged.merge_patch(parse_object(monitor_config, "the monitor's config"));

  api::GetConfigResponse out;
  if (auto it = merged.find("samples"); it != merged.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<long long>() < 0 || it->get<long long>() > std::numeric_limits<std::int32_t>::max()) {
      throw ConfigBuildError("config key samples must be a non-negative integer");
    }
    out.samples = static_cast<std::int32_t>(it->get<long long>());
  }
  if (auto it = merged.find("nat_ip"); it != merged.end() && !it->is_null()) {
    if (!it->is_string()) throw ConfigBuildError("config key nat_ip must be a string");
    if (!it->get<std::string>().empty()) {
      auto ip = api::parse_ip(it->get<std::string>());
      if (!ip) throw ConfigBuildError("config key nat_ip is not an IP address: " + it->get<std::string>());
      out.ip_nat_bytes = ip->bytes;
    }
  }
  if (auto it = merged.find("base_checks"); it != merged.end() && !it->is_null()) {
    if (!it->is_array()) throw ConfigBuildError("config key base_checks must be an array of strings");
    for (const auto& check : *it) {
      if (!check.is_string()) throw ConfigBuildError("config key base_checks must be an array of strings");
      out.base_checks.push_back(check.get<std::string>());
    }
  }
  if (auto it = merged.find("otlp_log_level"); it != merged.end() && !it->is_null()) {
    if (!it->is_string()) throw ConfigBuildError("config key otlp_log_level must be a string");
    out.otlp_log_level = it->get<std::string>();
  }
  auto ip = api::parse_ip(monitor_ip);
  if (!ip) throw ConfigBuildError("the monitor's IP \"" + std::string(monitor_ip) + "\" is not an IP address");
  out.ip_bytes = ip->bytes;
  return out;
}

}  // namespace ntpmon::monitor_api
