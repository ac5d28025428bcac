#include "html_escape.h"

#include "utf8_text.h"

namespace ntpmon::web {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    char ch = text[pos];
    switch (ch) {
      case '&': out += "&amp;"; ++pos; continue;
      case '<': out += "&lt;"; ++pos; continue;
      case '>': out += "&gt;"; ++pos; continue;
      case '"': out += "&quot;"; ++pos; continue;
      case '\'': out += "&#39;"; ++pos; continue;
      default: break;
    }
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      // Control characters other than TAB/LF/CR are not allowed in HTML or XML text.
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        append_utf8(out, kReplacementChar);
      } else {
        out.push_back(ch);
      }
      ++pos;
      continue;
    }
    DecodedRune r = decode_rune(text, pos);
    if (r.valid) {
      out.append(text.substr(pos, r.size));
    } else {
      append_utf8(out, kReplacementChar);
    }
    pos += r.size;
  }
  return out;
}

}  // namespace ntpmon::web
