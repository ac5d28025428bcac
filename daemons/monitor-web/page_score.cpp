#include "page_score.h"

#include "graph_legend.h"
#include "html_escape.h"
#include "number_format.h"
#include "page_layout.h"
#include "request_params.h"
#include "svg_graph.h"
#include "time_text.h"

namespace ntpmon::web {
namespace {

std::string scores_path(const ServerInfo& server) { return "/scores/" + percent_encode_segment(server.ip); }

std::string explanation_box() {
  return "<div class=\"explanation\" id=\"graph_explanation\">\n"
         "<h4>The Score graph</h4>\n"
         "<p>A few times an hour the pool's monitoring system checks the time from the server and compares it "
         "with the local time. Points are deducted if the server can't be reached or if the time offset is "
         "more than 100 ms. A server must have a score higher than 10 to be used in the pool.</p>\n"
         "<h4>The Offset graph</h4>\n"
         "<p>The monitors work roughly like an SNTP client, so they are more susceptible to network latency "
         "and jitter than a regular NTP daemon; the offsets shown can be inaccurate by 10 ms or more.</p>\n"
         "</div>\n";
}

}  // namespace

std::string render_score_page(const ScorePageData& d) {
  const ServerInfo& s = d.server;
  std::string b;
  b += "<p><a href=\"/\">Back to the front page</a></p>\n";
  b += site_navigation();
  b += "<h1>" + html_escape(s.ip);
  if (s.hostname && !s.hostname->empty()) b += " / " + html_escape(*s.hostname);
  b += "</h1>\n";
  if (!(s.in_pool && s.netspeed > 0)) b += "<p><i>Not active in the pool, monitoring only</i></p>\n";
  if (d.account) {
    b += "<p>Account: <a href=\"/a/" + html_escape(d.account->id_token) + "\">" + html_escape(d.account->name) +
         "</a> (#" + html_escape(d.account->id_token) + ")</p>\n";
  }
  if (!d.zones.empty()) {
    b += "<p>Zones:";
    for (const std::string& zone : d.zones) {
      b += " <a href=\"/zone/" + html_escape(percent_encode_segment(zone)) + "\">" + html_escape(zone) + "</a>";
    }
    b += "</p>\n";
  }
  if (s.deletion_on) {
    bool past = std::chrono::sys_seconds{std::chrono::seconds{*s.deletion_on}} <= d.now;
    b += "<p>This server " + std::string(past ? "was" : "is") + " scheduled for deletion on " +
         format_long_date(*s.deletion_on) + ".</p>\n";
  }
  bool history_shown = !deleted_beyond(s, DeletionHorizon::page_history, d.now);
  if (history_shown) {
    // C10 scrapes the number after "Current score:" in the first matching <p>: keep it plain.
    b += "<p class=\"current-score\">Current score: " + format_fixed1(s.score_raw) +
         " (only servers with a score higher than " + std::to_string(kPoolScoreThreshold) +
         " are used in the pool)</p>\n";
    b += "<h3>History</h3>\n";
    b += "<div class=\"graph-box\">" + render_offset_graph(s.ip, d.history, {kPageGraph, false}) + "</div>\n";
    b += render_graph_legend(d.monitors);
    b += "<p class=\"note\">In the graph above the green, orange and red dots are offsets (in milliseconds, using "
         "the left axis). The blue or red (bigger) dots are the calculated scores (using the right axis).</p>\n";
  }
  b += "<p class=\"footer\"># " + std::to_string(s.id);
  if (history_shown) {
    b += ", <a href=\"" + html_escape(scores_path(s)) + "/log?limit=200&amp;monitor=*\">CSV log</a>";
  }
  b += ", <a href=\"/selector/" + html_escape(percent_encode_segment(s.ip)) + "\">monitor selection</a></p>\n";
  if (history_shown) {
    b += "<p><a href=\"?graph_explanation=1#graph_explanation\">What do the graphs mean?</a></p>\n";
    if (d.show_explanation) b += explanation_box();
  }
  return html_document("Stats for " + s.ip, b);
}

std::string render_graph_only_page(const ScorePageData& d) {
  return html_document("Stats for " + d.server.ip,
                       render_offset_graph(d.server.ip, d.history, {kGraphOnly, false}));
}

std::string render_search_page() {
  std::string b;
  b += "<p><a href=\"/\">Back to the front page</a></p>\n";
  b += site_navigation();
  b += "<h1>Search for the server by IP address</h1>\n";
  b += "<form method=\"get\" action=\"/scores/\"><input type=\"text\" name=\"ip\" size=\"40\" "
       "aria-label=\"IP address\"> <input type=\"submit\" value=\"Find\"></form>\n";
  return html_document("Find a server", b);
}

std::string render_not_found_page(std::string_view what) {
  std::string b = site_navigation();
  b += "<h1>Not found</h1>\n<p>" + html_escape(what) + "</p>\n";
  return html_document("Not found", b);
}

}  // namespace ntpmon::web
