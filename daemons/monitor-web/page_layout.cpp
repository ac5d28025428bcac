#include "page_layout.h"

#include "html_escape.h"

namespace ntpmon::web {
namespace {

constexpr std::string_view kStyle = R"css(
body{font-family:sans-serif;margin:1.5em auto;max-width:60em;padding:0 1em;color:#222;line-height:1.4}
h1{font-size:1.6em;margin:.3em 0}
h3{margin:1.2em 0 .4em}
a{color:#1a5a96}
table.data{border-collapse:collapse;margin:.5em 0;font-size:.92em}
table.data th,table.data td{padding:.2em .6em;border-bottom:1px solid #e4e4e4;text-align:left;vertical-align:top}
table.data td.num,table.data th.num{text-align:right}
table.legend{border-collapse:collapse;font-size:.9em;margin:.5em 0}
table.legend th,table.legend td{padding:.1em .5em;text-align:left}
table.legend td.num{text-align:right}
.status-active{color:#2a7a2a}.status-testing{color:#a06a00}.status-candidate,.status-pending{color:#666}
.status-paused,.status-deleted{color:#a33}
.score-low{color:#a33}.score-ok{color:#2a7a2a}
.note{color:#555;font-size:.92em}
.graph-box{max-width:100%;overflow-x:auto}
.explanation{border:1px solid #ddd;padding:.5em 1em;background:#fafafa}
nav{font-size:.92em;margin-bottom:1em}
nav a{margin-right:1em}
)css";

}  // namespace

std::string html_document(std::string_view title, std::string_view body_html) {
  std::string out;
  out.reserve(body_html.size() + 2048);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<link rel=\"icon\" href=\"data:,\">\n";  // no favicon request
  out += "<title>" + html_escape(title) + "</title>\n<style>";
  out.append(kStyle);
  out += "</style>\n</head>\n<body>\n";
  out.append(body_html);
  out += "\n</body>\n</html>\n";
  return out;
}

std::string site_navigation() {
  return "<nav><a href=\"/\">Servers</a><a href=\"/monitors\">Monitors</a><a href=\"/scores/\">Find a server</a></nav>\n";
}

}  // namespace ntpmon::web
