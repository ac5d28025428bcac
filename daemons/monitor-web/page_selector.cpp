#include "page_selector.h"

#include "html_escape.h"
#include "number_format.h"
#include "page_layout.h"
#include "page_monitors.h"
#include "request_params.h"
#include "time_text.h"

namespace ntpmon::web {
namespace {

std::string decision_text(const SelectorDecision& d) {
  std::string out = format_sql_datetime(d.ts) + " <b>" + html_escape(d.rule) + "</b> " + html_escape(d.action);
  if (d.from_status || d.to_status) {
    out += " (" + html_escape(d.from_status.value_or("none")) + " &rarr; " + html_escape(d.to_status.value_or("none")) +
           ")";
  }
  if (d.violation_type && !d.violation_type->empty()) out += " [" + html_escape(*d.violation_type) + "]";
  out += ": " + html_escape(d.reason);
  return out;
}

std::string decisions_cell(const SelectorMonitorRow& m, bool audit_available) {
  if (!audit_available) return "<td class=\"note\">&ndash;</td>";
  if (m.decisions.empty()) return "<td class=\"note\">none recorded</td>";
  std::string out = "<td><ul class=\"decisions\">";
  for (const SelectorDecision& d : m.decisions) out += "<li class=\"" + html_escape(d.kind) + "\">" + decision_text(d) + "</li>";
  out += "</ul></td>";
  return out;
}

}  // namespace

void attach_decisions(std::vector<SelectorMonitorRow>& monitors,
                      const std::vector<std::pair<std::uint32_t, SelectorDecision>>& decisions) {
  for (const auto& [monitor_id, decision] : decisions) {
    for (SelectorMonitorRow& m : monitors) {
      if (m.monitor_id == monitor_id && m.decisions.size() < kDecisionsPerMonitor) m.decisions.push_back(decision);
    }
  }
}

std::string render_selector_page(const SelectorPageData& d) {
  const ServerInfo& s = d.server;
  std::string b = site_navigation();
  b += "<h1>Monitor selection for <a href=\"/scores/" + html_escape(percent_encode_segment(s.ip)) + "\">" +
       html_escape(s.ip) + "</a></h1>\n";
  b += "<p>Last review: " + time_with_age(d.last_review, d.now) + "; next review: " +
       (d.next_review ? format_sql_datetime(*d.next_review) : std::string("not scheduled")) + ".</p>\n";
  if (!d.audit_available) {
    b += "<p class=\"note no-decisions\">No selector decisions are recorded: this database has no selector audit "
         "table (selector_log) yet. The statuses below are the current ones.</p>\n";
  } else {
    b += "<p class=\"note\">Last decisions: the selector's latest status changes and constraint tracking for each "
         "monitor (at most " + std::to_string(kDecisionsPerMonitor) + "), newest first.</p>\n";
  }
  if (d.monitors.empty()) {
    b += "<p>No monitor has been assigned to this server.</p>\n";
  } else {
    b += "<table class=\"data selector\"><thead><tr><th>Monitor</th><th>Type</th><th>Family</th>"
         "<th>Status for this server</th><th>Monitor status</th><th class=\"num\">Score</th><th>Score updated</th>"
         "<th>Constraint</th><th>Last decisions</th></tr></thead><tbody>\n";
    for (const SelectorMonitorRow& m : d.monitors) {
      b += "<tr><td>" + html_escape(m.name) + " <span class=\"note\">#" + std::to_string(m.monitor_id) + "</span></td>";
      b += "<td>" + html_escape(m.type) + "</td><td>" + html_escape(m.ip_version.value_or("")) + "</td>";
      b += "<td class=\"status-" + html_escape(m.status) + "\">" + html_escape(m.status);
      if (m.pause_reason && !m.pause_reason->empty()) b += " (" + html_escape(*m.pause_reason) + ")";
      b += "</td><td>" + html_escape(m.monitor_status) + "</td>";
      b += "<td class=\"num\">" + format_fixed1(m.score_raw) + "</td>";
      b += "<td>" + (m.score_ts ? format_sql_datetime(*m.score_ts) : std::string("never")) + "</td>";
      b += "<td>";
      if (m.constraint_violation_type && !m.constraint_violation_type->empty()) {
        b += html_escape(*m.constraint_violation_type);
        if (m.constraint_violation_since) b += " since " + format_sql_datetime(*m.constraint_violation_since);
      }
      b += "</td>" + decisions_cell(m, d.audit_available) + "</tr>\n";
    }
    b += "</tbody></table>\n";
  }
  return html_document("Monitor selection for " + s.ip, b);
}

}  // namespace ntpmon::web
