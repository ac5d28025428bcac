#include "page_overview.h"

#include "html_escape.h"
#include "number_format.h"
#include "page_layout.h"
#include "request_params.h"
#include "time_text.h"

namespace ntpmon::web {

std::string server_status_text(const ServerInfo& s, std::chrono::sys_seconds now) {
  if (s.deletion_on) {
    bool past = std::chrono::sys_seconds{std::chrono::seconds{*s.deletion_on}} <= now;
    return past ? "deleted" : "deletion scheduled";
  }
  return s.in_pool && s.netspeed > 0 ? "in pool" : "monitoring only";
}

std::string render_overview_page(const OverviewPageData& d) {
  std::string b = site_navigation();
  b += "<h1>NTP servers</h1>\n";
  b += "<p class=\"note\">Scores as of " + format_sql_datetime(d.now.time_since_epoch().count()) +
       " UTC; this page reloads every " + std::to_string(d.refresh_seconds) + " seconds.</p>\n";
  if (d.servers.empty()) {
    b += "<p>No servers.</p>\n";
  } else {
    b += "<table class=\"data servers\"><thead><tr><th class=\"num\">#</th><th>Server</th><th class=\"num\">Score</th>"
         "<th>Status</th><th class=\"num\">Active monitors</th><th class=\"num\">Testing monitors</th>"
         "<th>Score updated</th></tr></thead><tbody>\n";
    for (const ServerOverviewRow& row : d.servers) {
      const ServerInfo& s = row.server;
      std::string path = "/scores/" + percent_encode_segment(s.ip);
      b += "<tr><td class=\"num\">" + std::to_string(s.id) + "</td><td><a href=\"" + html_escape(path) + "\">" +
           html_escape(s.ip) + "</a>";
      if (s.hostname && !s.hostname->empty()) b += " <span class=\"note\">" + html_escape(*s.hostname) + "</span>";
      b += "</td><td class=\"num score " + std::string(s.score_raw > 10 ? "score-ok" : "score-low") + "\">" +
           format_fixed1(s.score_raw) + "</td>";
      b += "<td>" + html_escape(server_status_text(s, d.now)) + "</td>";
      b += "<td class=\"num\">" + std::to_string(row.active_monitors) + "</td>";
      b += "<td class=\"num\">" + std::to_string(row.testing_monitors) + "</td>";
      b += "<td>" + (s.score_ts ? format_sql_datetime(*s.score_ts) : std::string("never")) + "</td></tr>\n";
    }
    b += "</tbody></table>\n";
  }
  if (d.has_previous_page || d.first_id_of_next_page != 0) {
    b += "<p>";
    if (d.has_previous_page) b += "<a href=\"/\">First page</a> ";
    if (d.first_id_of_next_page != 0) {
      b += "<a href=\"/?after=" + std::to_string(d.first_id_of_next_page - 1) + "\">Next page</a>";
    }
    b += "</p>\n";
  }
  std::string page = html_document("NTP Pool monitor: servers", b);
  // Reload periodically so the scores follow the scorer without any script.
  std::string meta = "<meta http-equiv=\"refresh\" content=\"" + std::to_string(d.refresh_seconds) + "\">\n";
  page.insert(page.find("<title>"), meta);
  return page;
}

}  // namespace ntpmon::web
