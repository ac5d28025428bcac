#pragma once
// The HTML document around every page: inline style, no scripts, no external assets, so a
// page works offline.

#include <string>
#include <string_view>

namespace ntpmon::web {

// `title` is text (escaped here); `body_html` is markup.
std::string html_document(std::string_view title, std::string_view body_html);

// The navigation line at the top of the monitor's own pages.
std::string site_navigation();

}  // namespace ntpmon::web
