#include "graph_legend.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "html_escape.h"
#include "number_format.h"

namespace ntpmon::web {
namespace {

constexpr std::array<std::string_view, 6> kStatusOrder = {"active", "testing", "candidate",
                                                          "pending", "paused",  "deleted"};

std::size_t status_rank(std::string_view status) {
  auto it = std::find(kStatusOrder.begin(), kStatusOrder.end(), status);
  return static_cast<std::size_t>(it - kStatusOrder.begin());
}

double legend_score(const MonitorSectionEntry& m) { return round_half_away(m.monitor.score_raw, 1); }

std::string name_cell(const MonitorSectionEntry& m) {
  std::string name = html_escape(legend_name(m.monitor));
  if (m.monitor.type == "score" && m.monitor.name == "recentmedian") name = "<b>" + name + "</b>";
  return "<td class=\"name\">" + name + "</td>";
}

std::string score_cell(const MonitorSectionEntry& m) {
  return "<td class=\"num\">" + js_number_text(legend_score(m)) + "</td>";
}

std::string rtt_cell(const MonitorSectionEntry& m) {
  bool shown = m.avg_rtt && (m.monitor.status == "active" || m.monitor.status == "testing");
  return "<td class=\"num\">" + (shown ? js_to_fixed(*m.avg_rtt, 1) + "ms" : std::string()) + "</td>";
}

std::string capitalised(std::string_view status) {
  std::string out(status);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

}  // namespace

std::vector<MonitorSectionEntry> sort_for_legend(std::span<const MonitorSectionEntry> monitors) {
  std::vector<MonitorSectionEntry> out(monitors.begin(), monitors.end());
  std::stable_sort(out.begin(), out.end(), [](const MonitorSectionEntry& a, const MonitorSectionEntry& b) {
    std::size_t ra = status_rank(a.monitor.status), rb = status_rank(b.monitor.status);
    if (ra != rb) return ra < rb;
    bool sa = a.monitor.type == "score", sb = b.monitor.type == "score";
    if (sa != sb) return sa;
    double xa = legend_score(a), xb = legend_score(b);
    if (xa != xb) return xa > xb;
    if (a.avg_rtt.has_value() != b.avg_rtt.has_value()) return a.avg_rtt.has_value();
    if (a.avg_rtt && *a.avg_rtt != *b.avg_rtt) return *a.avg_rtt < *b.avg_rtt;
    return a.monitor.name < b.monitor.name;
  });
  return out;
}

std::string legend_name(const MonitorScore& monitor) {
  if (monitor.type != "score") return monitor.name;
  if (monitor.name == "recentmedian") return "overall";
  if (monitor.name == "every") return "legacy";
  return monitor.name + " score";
}

std::string render_graph_legend(std::span<const MonitorSectionEntry> monitors) {
  std::vector<MonitorSectionEntry> sorted = sort_for_legend(monitors);
  std::vector<const MonitorSectionEntry*> active, testing, others;
  for (const auto& m : sorted) {
    if (m.monitor.status == "active") active.push_back(&m);
    else if (m.monitor.status == "testing") testing.push_back(&m);
    else others.push_back(&m);
  }
  std::string out = "<div class=\"legend\">\n";
  if (!active.empty() || !testing.empty()) {
    out += "<table class=\"legend\"><thead><tr><th colspan=\"3\">Active</th><th colspan=\"3\">Testing</th></tr></thead><tbody>\n";
    std::size_t rows = std::max(active.size(), testing.size());
    for (std::size_t i = 0; i < rows; ++i) {
      out += "<tr>";
      for (const auto* column : {&active, &testing}) {
        if (i < column->size()) {
          const MonitorSectionEntry& m = *(*column)[i];
          out += name_cell(m) + score_cell(m) + rtt_cell(m);
        } else {
          out += "<td></td><td></td><td></td>";
        }
      }
      out += "</tr>\n";
    }
    out += "</tbody></table>\n";
  }
  if (!others.empty()) {
    out += "<table class=\"legend\"><tbody>\n";
    std::size_t i = 0;
    while (i < others.size()) {
      std::string status = others[i]->monitor.status;
      out += "<tr><th colspan=\"6\">" + html_escape(capitalised(status)) + "</th></tr>\n";
      std::size_t in_row = 0;
      out += "<tr>";
      for (; i < others.size() && others[i]->monitor.status == status; ++i) {
        if (in_row == 3) {
          out += "</tr>\n<tr>";
          in_row = 0;
        }
        const MonitorSectionEntry& m = *others[i];
        std::string title = m.avg_rtt ? " title=\"RTT " + js_to_fixed(*m.avg_rtt, 1) + "ms\"" : std::string();
        out += "<td class=\"name\"" + title + ">" + html_escape(legend_name(m.monitor)) + "</td>" + score_cell(m);
        ++in_row;
      }
      out += "</tr>\n";
    }
    out += "</tbody></table>\n";
  }
  out += "</div>\n";
  return out;
}

}  // namespace ntpmon::web
