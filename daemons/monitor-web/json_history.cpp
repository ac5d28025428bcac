#include "json_history.h"

#include <algorithm>
#include <map>

#include "json_text.h"
#include "number_format.h"
#include "time_text.h"

namespace ntpmon::web {
namespace {

void append_history_entry(std::string& out, const HistoryEntry& e) {
  out += "{\"ts\":";
  append_json_integer(out, e.ts);
  if (e.offset) {
    out += ",\"offset\":";
    append_json_number(out, *e.offset);
  }
  out += ",\"step\":";
  append_json_number(out, e.step);
  out += ",\"score\":";
  append_json_number(out, round_half_away(e.score, 12));
  out += ",\"monitor_id\":";
  append_json_unsigned(out, e.monitor_id.value_or(0));
  if (e.rtt_us) {
    out += ",\"rtt\":";
    append_json_number(out, *e.rtt_us / 1000.0);
  }
  out.push_back('}');
}

void append_section_entry(std::string& out, const MonitorSectionEntry& entry) {
  const MonitorScore& m = entry.monitor;
  out += "{\"id\":";
  append_json_unsigned(out, m.monitor_id);
  out += ",\"name\":";
  append_json_string(out, m.name);
  out += ",\"type\":";
  append_json_string(out, m.type);
  out += ",\"ts\":";
  append_json_string(out, m.score_ts ? format_rfc3339_utc(*m.score_ts) : kZeroTimeRfc3339);
  out += ",\"score\":";
  append_json_number(out, round_half_away(m.score_raw, 1));
  out += ",\"status\":";
  append_json_string(out, m.status);
  if (entry.avg_rtt) {
    out += ",\"avg_rtt\":";
    append_json_number(out, *entry.avg_rtt);
  }
  out.push_back('}');
}

std::string grafana_target_name(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (c == ' ') c = '_';
    else if (c == '.' || c == '/') c = '-';
  }
  return out;
}

void append_nullable_number(std::string& out, const std::optional<double>& value) {
  if (value) {
    append_json_number(out, *value);
  } else {
    out += "null";
  }
}

}  // namespace

std::vector<MonitorSectionEntry> build_monitor_section(std::span<const HistoryEntry> history,
                                                       std::span<const MonitorScore> server_scores) {
  struct RttSum {
    double sum = 0;
    int count = 0;
  };
  std::map<std::uint32_t, RttSum> seen;  // monitor ids in the history
  for (const HistoryEntry& e : history) {
    if (!e.monitor_id) continue;  // 0 never matches a monitor
    RttSum& s = seen[*e.monitor_id];
    if (e.rtt_us) {
      s.sum += *e.rtt_us / 1000.0;
      ++s.count;
    }
  }
  std::vector<MonitorSectionEntry> out;
  for (const MonitorScore& m : server_scores) {
    auto it = seen.find(m.monitor_id);
    if (it == seen.end()) continue;
    MonitorSectionEntry entry{m, std::nullopt};
    if (it->second.count > 0) entry.avg_rtt = it->second.sum / it->second.count;
    out.push_back(std::move(entry));
  }
  std::stable_sort(out.begin(), out.end(), [](const MonitorSectionEntry& a, const MonitorSectionEntry& b) {
    return a.monitor.monitor_id < b.monitor.monitor_id;
  });
  return out;
}

std::string render_history_json(std::string_view server_ip, std::span<const HistoryEntry> history,
                                 std::span<const MonitorSectionEntry> monitors) {
  std::string out;
  out.reserve(64 + history.size() * 96);
  out += "{\"history\":[";
  for (std::size_t i = 0; i < history.size(); ++i) {
    if (i > 0) out.push_back(',');
    append_history_entry(out, history[i]);
  }
  out += "],\"monitors\":";
  if (monitors.empty()) {
    out += "null";
  } else {
    out.push_back('[');
    for (std::size_t i = 0; i < monitors.size(); ++i) {
      if (i > 0) out.push_back(',');
      append_section_entry(out, monitors[i]);
    }
    out.push_back(']');
  }
  out += ",\"server\":{\"ip\":";
  append_json_string(out, server_ip);
  out += "}}\n";
  return out;
}

std::string render_server_monitors_json(std::span<const MonitorScore> monitors) {
  std::string out = "{\"monitors\":[";
  for (std::size_t i = 0; i < monitors.size(); ++i) {
    const MonitorScore& m = monitors[i];
    if (i > 0) out.push_back(',');
    out += "{\"id\":";
    append_json_unsigned(out, m.monitor_id);
    out += ",\"name\":";
    append_json_string(out, m.name);
    out += ",\"type\":";
    append_json_string(out, m.type);
    out += ",\"ts\":";
    append_json_string(out, m.score_ts ? format_iso_local(*m.score_ts) : std::string("0001-01-01T00:00:00"));
    out += ",\"score\":";
    append_json_number(out, printf_one_decimal(m.score_raw));
    out += ",\"status\":";
    append_json_string(out, m.status);
    out.push_back('}');
  }
  out += "]}\n";
  return out;
}

std::string render_grafana_json(std::span<const HistoryEntry> rows, std::span<const MonitorScore> server_scores) {
  std::map<std::uint32_t, std::vector<const HistoryEntry*>> series;
  for (const HistoryEntry& e : rows) {
    if (e.monitor_id) series[*e.monitor_id].push_back(&e);
  }
  if (series.empty()) return "null\n";
  std::string out = "[";
  bool first = true;
  for (const auto& [monitor_id, entries] : series) {
    auto known = std::find_if(server_scores.begin(), server_scores.end(),
                              [id = monitor_id](const MonitorScore& m) { return m.monitor_id == id; });
    std::string name = known != server_scores.end() ? known->name : std::string("unknown");
    if (!first) out.push_back(',');
    first = false;
    out += "{\"target\":";
    append_json_string(out, "monitor{name=" + grafana_target_name(name) + "}");
    out += ",\"tags\":{\"monitor_id\":";
    append_json_string(out, std::to_string(monitor_id));
    out += ",\"monitor_name\":";
    append_json_string(out, name);
    out += ",\"status\":\"active\",\"type\":\"monitor\"}";
    out += ",\"columns\":[{\"text\":\"time\",\"type\":\"time\"},{\"text\":\"score\",\"type\":\"number\"},"
           "{\"text\":\"rtt\",\"type\":\"number\",\"unit\":\"ms\"},{\"text\":\"offset\",\"type\":\"number\",\"unit\":\"s\"}]";
    out += ",\"values\":[";
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const HistoryEntry& e = *entries[i];
      if (i > 0) out.push_back(',');
      out.push_back('[');
      append_json_integer(out, e.ts * 1000);
      out.push_back(',');
      append_json_number(out, e.score);
      out.push_back(',');
      append_nullable_number(out, e.rtt_us ? std::optional<double>(*e.rtt_us / 1000.0) : std::nullopt);
      out.push_back(',');
      append_nullable_number(out, e.offset);
      out.push_back(']');
    }
    out += "]}";
  }
  out += "]\n";
  return out;
}

}  // namespace ntpmon::web
