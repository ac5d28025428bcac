#pragma once
// Escaping text for HTML and SVG element content and attribute values.

#include <string>
#include <string_view>

namespace ntpmon::web {

// & < > " ' escaped; invalid UTF-8 replaced by U+FFFD.
std::string html_escape(std::string_view text);

}  // namespace ntpmon::web
