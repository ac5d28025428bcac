#include <cstdio>

#include "emitter.h"

namespace ntpmon::sqlgen {

std::string cpp_string_literal(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '?': out += "?"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\%03o", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

std::string cpp_long_string_literal(const std::string& s, const std::string& indent, std::size_t width) {
  if (s.size() <= width) return cpp_string_literal(s);
  std::string out;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t end = s.size();
    if (s.size() - start > width) {
      std::size_t cut = s.rfind(' ', start + width);
      end = (cut == std::string::npos || cut <= start) ? start + width : cut;
    }
    if (!out.empty()) out += "\n" + indent;
    out += cpp_string_literal(s.substr(start, end - start));
    start = end;
  }
  return out;
}

}  // namespace ntpmon::sqlgen
