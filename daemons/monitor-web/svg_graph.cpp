#include "svg_graph.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "graph_scales.h"
#include "graph_ticks.h"
#include "html_escape.h"
#include "number_format.h"

namespace ntpmon::web {
namespace {

constexpr double kPadX = 45;
constexpr double kPadY = 19;
constexpr std::array<int, 5> kScoreTicks = {20, 0, -20, -50, -100};

std::string c(double v) { return format_coordinate(v); }

void hline(std::string& out, double y, double width, std::string_view attrs) {
  out += "<line x1=\"0\" x2=\"" + c(width) + "\" y1=\"" + c(y) + "\" y2=\"" + c(y) + "\" ";
  out.append(attrs);
  out += "/>";
}

}  // namespace

std::string_view score_point_colour(double step) {
  if (step < -2) return "darkslateblue";
  if (step < 0) return "orange";
  return "steelblue";
}

std::string_view offset_point_colour(double offset) {
  double magnitude = std::fabs(offset);
  if (magnitude < 0.025) return "green";
  if (magnitude < 0.100) return "orange";
  return "hotpink";
}

std::string offset_tick_label(double tick, double omax, double omin) {
  bool fine = omax < 0.003 && omin > -0.003;
  std::string text = js_to_fixed(tick * 1000, fine ? 1 : 0);
  if (!text.empty() && text[0] == '-') text.replace(0, 1, "\u2212");
  return text;
}

std::string render_offset_graph(std::string_view server_ip, std::span<const HistoryEntry> entries,
                                const GraphOptions& options) {
  const double w = options.size.width;
  const double h = options.size.height;
  std::string title = "Offset and scores for " + std::string(server_ip);

  TimeScale x{0, 0, w};
  if (!entries.empty()) {
    auto [lo, hi] = std::minmax_element(entries.begin(), entries.end(),
                                        [](const HistoryEntry& a, const HistoryEntry& b) { return a.ts < b.ts; });
    x.min_ms = lo->ts * 1000;
    x.max_ms = hi->ts * 1000;
  }
  std::vector<std::optional<double>> offsets;
  offsets.reserve(entries.size());
  for (const HistoryEntry& e : entries) offsets.push_back(e.offset);
  OffsetScale y_offset = OffsetScale::from_offsets(offsets, h);
  ScoreScale y_score{h};

  std::string out;
  out.reserve(4096 + entries.size() * 150);
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"score-graph\" width=\"" + c(w + 2 * kPadX) +
         "\" height=\"" + c(h + 2 * kPadY) + "\" viewBox=\"0 0 " + c(w + 2 * kPadX) + " " + c(h + 2 * kPadY) +
         "\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-label=\"" + html_escape(title) + "\"";
  if (options.standalone) out += " font-family=\"sans-serif\"";
  out += "><desc>Time series chart showing NTP server offset and score measurements over time</desc>";
  out += "<g transform=\"translate(" + c(kPadX) + "," + c(kPadY) + ")\">";

  // 1. Time grid and labels.
  out += "<g class=\"time-grid\">";
  if (!entries.empty()) {
    for (const TimeTick& tick : graph_time_ticks(x.min_ms, x.max_ms)) {
      std::string px = c(x(tick.ms));
      out += "<line x1=\"" + px + "\" x2=\"" + px + "\" y1=\"0\" y2=\"" + c(h) +
             "\" stroke=\"#e0e0e0\" stroke-dasharray=\"2,2\"/>";
      out += "<text x=\"" + px + "\" y=\"" + c(h + 3) + "\" dy=\".71em\" text-anchor=\"middle\" font-size=\"11\">" +
             html_escape(tick.label) + "</text>";
    }
  }
  out += "</g>";

  // 2. Offset grid and labels, from the top down; the top label is the unit.
  out += "<g class=\"offset-grid\">";
  bool first = true;
  for (double tick : nice_linear_ticks(y_offset.omax, y_offset.omin, 8)) {
    double y = y_offset(tick);
    hline(out, y, w, "stroke=\"#e0e0e0\" stroke-dasharray=\"2,2\"");
    out += "<text x=\"-4\" y=\"" + c(y) + "\" dy=\".35em\" text-anchor=\"end\" font-size=\"12\"";
    if (first) {
      out += " font-weight=\"bold\">ms</text>";
    } else {
      out += ">" + offset_tick_label(tick, y_offset.omax, y_offset.omin) + "</text>";
    }
    first = false;
  }
  out += "</g>";

  // 3. Score grid and labels.
  out += "<g class=\"score-grid\">";
  for (int score : kScoreTicks) {
    double y = y_score(score);
    hline(out, y, w, "stroke=\"#e0e0e0\" stroke-dasharray=\"1,3\" opacity=\"0.5\"");
    out += "<text x=\"" + c(w + 30) + "\" y=\"" + c(y) + "\" text-anchor=\"end\" font-size=\"11\" fill=\"#666\">" +
           std::to_string(score) + "</text>";
  }
  out += "</g>";

  // 4. Zero offset line. 5. Border.
  hline(out, y_offset(0), w, "class=\"zero-offset\" stroke=\"#666\" stroke-width=\"1\"");
  out += "<rect class=\"border\" x=\"0\" y=\"0\" width=\"" + c(w) + "\" height=\"" + c(h) +
         "\" fill=\"none\" stroke=\"#e0e0e0\"/>";

  // 6. Score points, one per entry.
  out += "<g class=\"scores\">";
  for (const HistoryEntry& e : entries) {
    out += "<circle cx=\"" + c(x(e.ts * 1000)) + "\" cy=\"" + c(y_score(e.score)) + "\" r=\"1.5\" fill=\"";
    out.append(score_point_colour(e.step));
    out += "\"/>";
  }
  out += "</g>";

  // 7. Offset points. (8: the total-score line needs entries without a monitor, which the
  // history never has, so it is not drawn: D7.)
  out += "<g class=\"offsets\">";
  for (const HistoryEntry& e : entries) {
    if (!e.offset) continue;
    out += "<circle cx=\"" + c(x(e.ts * 1000)) + "\" cy=\"" + c(y_offset(*e.offset)) + "\" r=\"1\" fill=\"";
    out.append(offset_point_colour(*e.offset));
    out += "\"/>";
  }
  out += "</g>";

  // 9. Title.
  out += "<text class=\"title\" x=\"0\" y=\"-5\" font-weight=\"bold\" font-size=\"14\">" + html_escape(title) +
         "</text>";
  out += "</g></svg>";
  return out;
}

}  // namespace ntpmon::web
