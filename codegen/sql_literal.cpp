#include "sql_literal.h"

namespace ntpmon::sqlgen {

std::string string_literal_value(const Token& t) {
  std::string out;
  const std::string& s = t.text;
  if (s.size() < 2 || t.quote == 0) return s;
  char q = t.quote;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    char c = s[i];
    if (c == '\\' && i + 2 < s.size()) {
      char n = s[++i];
      switch (n) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case '0': out += '\0'; break;
        case 'b': out += '\b'; break;
        case 'Z': out += '\x1a'; break;
        default: out += n; break;
      }
    } else if (c == q && i + 2 < s.size() && s[i + 1] == q) {
      out += q;
      ++i;
    } else {
      out += c;
    }
  }
  return out;
}

std::string single_quoted(const Token& t) {
  if (t.quote != '"') return t.text;
  const std::string& s = t.text;
  std::string out = "'";
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    char c = s[i];
    if (c == '\\' && i + 2 < s.size()) {
      out += c;
      out += s[++i];
    } else if (c == '"' && i + 2 < s.size() && s[i + 1] == '"') {
      out += '"';
      ++i;
    } else if (c == '\'') {
      out += "''";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

}  // namespace ntpmon::sqlgen
