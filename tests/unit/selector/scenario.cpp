#include "scenario.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace ntpmon::test::selector {

using nlohmann::json;
using selection::TimePoint;

std::string scenario_path(const std::string& id) {
  return std::string(NTPMON_SOURCE_DIR) + "/tests/integration/selector/scenarios/" + id + ".json";
}

json scenario_json(const std::string& id) {
  std::ifstream in(scenario_path(id));
  if (!in) throw std::runtime_error("cannot open scenario " + scenario_path(id));
  return json::parse(in);
}

std::vector<std::string> all_scenario_ids() {
  std::vector<std::string> ids;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(NTPMON_SOURCE_DIR) + "/tests/integration/selector/scenarios")) {
    if (entry.path().extension() == ".json") ids.push_back(entry.path().stem().string());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<std::string> pass_scenario_ids() {
  std::vector<std::string> ids;
  for (const std::string& id : all_scenario_ids()) {
    if (scenario_json(id).value("level", "") == "pass") ids.push_back(id);
  }
  return ids;
}

TimePoint relative_time(const std::string& text, TimePoint now) {
  if (text == "now") return now;
  if (text.rfind("now-", 0) == 0 && text.size() > 5 && text.back() == 'h') {
    return now - std::chrono::hours(std::stoll(text.substr(4, text.size() - 5)));
  }
  throw std::runtime_error("bad relative time '" + text + "'");
}

namespace {

std::optional<std::string> optional_string(const json& j) {
  if (j.is_null()) return std::nullopt;
  return j.get<std::string>();
}

std::optional<std::uint32_t> optional_id(const json& j) {
  if (j.is_null()) return std::nullopt;
  return j.get<std::uint32_t>();
}

selection::MonitorRow row_from_json(const json& m, TimePoint now) {
  selection::MonitorRow r;
  r.id = m.at(0).get<std::uint32_t>();
  r.account_id = optional_id(m.at(1));
  r.monitor_ip = optional_string(m.at(2));
  r.monitor_status = selection::parse_global_status(m.at(3).get<std::string>()).value();
  if (!m.at(4).is_null()) r.status = selection::parse_server_status(m.at(4).get<std::string>()).value();
  if (!m.at(5).is_null()) r.avg_rtt = m.at(5).get<double>();
  r.avg_step = m.at(6).get<double>();
  if (!m.at(7).is_null()) r.monitor_priority = m.at(7).get<std::int64_t>();
  r.healthy = m.at(8).get<bool>();
  r.count = m.at(9).get<std::int64_t>();
  if (m.size() > 10) {
    const json& extra = m.at(10);
    if (extra.contains("constraint_violation_type")) r.constraint_violation_type = optional_string(extra["constraint_violation_type"]);
    if (extra.contains("constraint_violation_since") && !extra["constraint_violation_since"].is_null()) {
      r.constraint_violation_since = relative_time(extra["constraint_violation_since"], now);
    }
    if (extra.contains("last_constraint_check") && !extra["last_constraint_check"].is_null()) {
      r.last_constraint_check = relative_time(extra["last_constraint_check"], now);
    }
    if (extra.contains("pause_reason")) r.pause_reason = optional_string(extra["pause_reason"]);
  }
  return r;
}

}  // namespace

PassScenario load_pass_scenario(const std::string& id, TimePoint now) {
  const json j = scenario_json(id);
  PassScenario s;
  s.id = j.at("id");
  s.title_source = j.value("source", "");
  const json& server = j.at("server");
  s.server.id = server.at("id");
  s.server.ip = server.at("ip");
  s.server.account_id = optional_id(server.at("account_id"));
  s.server_ip_version = server.value("ip_version", "v4");
  for (const json& a : j.value("accounts", json::array())) {
    const json& flags = a.at("flags");
    s.account_flags[a.at("id").get<std::uint32_t>()] =
        flags.is_null() ? std::nullopt
                        : std::optional<std::string>(flags.is_string() && a.value("flags_raw", false)
                                                         ? flags.get<std::string>()
                                                         : flags.dump());
  }
  for (const json& m : j.at("monitors")) {
    selection::MonitorRow r = row_from_json(m, now);
    if (r.account_id) {
      auto it = s.account_flags.find(*r.account_id);
      if (it != s.account_flags.end()) r.account_flags = it->second;
    }
    s.rows.push_back(std::move(r));
  }
  const json& e = j.at("expected");
  for (const json& c : e.at("changes")) {
    s.changes.push_back({c.at(0).get<std::uint32_t>(), c.at(1), c.at(2), c.at(3)});
  }
  for (const auto& [status, ids] : e.at("final_server_status").items()) {
    s.final_server_status[status] = ids.get<std::vector<std::uint32_t>>();
  }
  for (const json& t : e.at("tracking_writes")) {
    ExpectedTracking w;
    w.op = t.at("op");
    w.monitor_id = t.at("monitor_id");
    // The pause steps of §8 always write these values; a scenario saying otherwise is wrong.
    if (w.op == "set_status" && t.at("status") != "paused") throw std::runtime_error(id + ": set_status is always paused");
    if (w.op == "set_pause_reason" && t.at("pause_reason") != "constraint") {
      throw std::runtime_error(id + ": set_pause_reason is always constraint");
    }
    if (t.contains("type")) w.type = t["type"];
    if (t.contains("since")) w.since = relative_time(t["since"], now);
    s.tracking.push_back(w);
  }
  s.changed = e.at("changed");
  s.next_review = e.at("next_review");
  return s;
}

}  // namespace ntpmon::test::selector
