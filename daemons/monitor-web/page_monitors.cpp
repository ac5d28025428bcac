#include "page_monitors.h"

#include <algorithm>
#include <limits>
#include <map>

#include "display_name.h"
#include "html_escape.h"
#include "page_layout.h"
#include "time_text.h"

namespace ntpmon::web {
namespace {

std::string age_text(std::int64_t seconds) {
  if (seconds < 0) return "in the future";
  if (seconds < 120) return std::to_string(seconds) + "s ago";
  if (seconds < 2 * 3600) return std::to_string(seconds / 60) + "m ago";
  if (seconds < 2 * 86400) return std::to_string(seconds / 3600) + "h ago";
  return std::to_string(seconds / 86400) + "d ago";
}

std::string family_cell(const MonitorAgent& agent, std::string_view family) {
  for (const MonitorRow& row : agent.families) {
    if (row.ip_version && *row.ip_version == family) {
      return "<td class=\"status-" + html_escape(row.status) + "\">" + html_escape(row.status) +
             " <span class=\"note\">#" + std::to_string(row.id) + "</span></td>";
    }
  }
  return "<td class=\"note\">&ndash;</td>";
}

template <typename Get>
std::optional<std::int64_t> latest(const MonitorAgent& agent, Get get) {
  std::optional<std::int64_t> out;
  for (const MonitorRow& row : agent.families) {
    auto v = get(row);
    if (v && (!out || *v > *out)) out = v;
  }
  return out;
}

}  // namespace

std::string time_with_age(const std::optional<std::int64_t>& t, std::chrono::sys_seconds now) {
  if (!t) return "never";
  return format_sql_datetime(*t) + " (" + age_text(now.time_since_epoch().count() - *t) + ")";
}

std::vector<MonitorAgent> group_monitor_rows(const std::vector<MonitorRow>& rows) {
  std::vector<MonitorAgent> agents;
  std::map<std::string, std::size_t> by_tls_name;
  for (const MonitorRow& row : rows) {
    std::size_t index;
    auto it = row.tls_name && !row.tls_name->empty() ? by_tls_name.find(*row.tls_name) : by_tls_name.end();
    if (it != by_tls_name.end()) {
      index = it->second;
    } else {
      index = agents.size();
      agents.push_back({monitor_display_name(row.tls_name, row.location, row.id), row.account_name, {}});
      if (row.tls_name && !row.tls_name->empty()) by_tls_name.emplace(*row.tls_name, index);
    }
    agents[index].families.push_back(row);
    if (!agents[index].account_name) agents[index].account_name = row.account_name;
  }
  for (MonitorAgent& agent : agents) {
    std::stable_sort(agent.families.begin(), agent.families.end(), [](const MonitorRow& a, const MonitorRow& b) {
      return a.ip_version.value_or("~") < b.ip_version.value_or("~");
    });
  }
  std::stable_sort(agents.begin(), agents.end(),
                   [](const MonitorAgent& a, const MonitorAgent& b) { return a.name < b.name; });
  return agents;
}

std::string render_monitors_page(const MonitorsPageData& d) {
  std::string b = site_navigation();
  b += "<h1>Monitors</h1>\n";
  if (d.agents.empty()) {
    b += "<p>No monitors are registered.</p>\n";
  } else {
    b += "<table class=\"data monitors\"><thead><tr><th>Name</th><th>Account</th><th>IPv4</th><th>IPv6</th>"
         "<th>Last seen</th><th>Last submit</th><th>Client version</th></tr></thead><tbody>\n";
    for (const MonitorAgent& agent : d.agents) {
      // The client version of the family heard from last.
      const MonitorRow* newest = &agent.families.front();
      for (const MonitorRow& row : agent.families) {
        if (row.last_seen.value_or(std::numeric_limits<std::int64_t>::min()) > newest->last_seen.value_or(std::numeric_limits<std::int64_t>::min())) newest = &row;
      }
      b += "<tr><td>" + html_escape(agent.name) + "</td><td>" + html_escape(agent.account_name.value_or("")) + "</td>";
      b += family_cell(agent, "v4") + family_cell(agent, "v6");
      b += "<td>" + time_with_age(latest(agent, [](const MonitorRow& r) { return r.last_seen; }), d.now) + "</td>";
      b += "<td>" + time_with_age(latest(agent, [](const MonitorRow& r) { return r.last_submit; }), d.now) + "</td>";
      b += "<td>" + html_escape(newest->client_version) + "</td></tr>\n";
    }
    b += "</tbody></table>\n";
  }
  return html_document("NTP Pool monitor: monitors", b);
}

}  // namespace ntpmon::web
