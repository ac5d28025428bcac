#include "json_text.h"

#include <array>
#include <charconv>

#include "number_format.h"
#include "utf8_text.h"

namespace ntpmon::web {
namespace {

void append_u_escape(std::string& out, unsigned code) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\u";
  out.push_back(kHex[(code >> 12) & 0xF]);
  out.push_back(kHex[(code >> 8) & 0xF]);
  out.push_back(kHex[(code >> 4) & 0xF]);
  out.push_back(kHex[code & 0xF]);
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto c = static_cast<unsigned char>(text[pos]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '<': case '>': case '&': append_u_escape(out, c); break;
        default:
          if (c < 0x20) {
            append_u_escape(out, c);
          } else {
            out.push_back(static_cast<char>(c));
          }
      }
      ++pos;
      continue;
    }
    DecodedRune r = decode_rune(text, pos);
    if (!r.valid) {
      out += "\\ufffd";
    } else if (r.rune == 0x2028 || r.rune == 0x2029) {
      append_u_escape(out, static_cast<unsigned>(r.rune));
    } else {
      out.append(text.substr(pos, r.size));
    }
    pos += r.size;
  }
  out.push_back('"');
}

void append_json_number(std::string& out, double value) { out += format_json_number(value); }

void append_json_integer(std::string& out, std::int64_t value) {
  std::array<char, 24> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  out.append(buf.data(), end);
}

void append_json_unsigned(std::string& out, std::uint64_t value) {
  std::array<char, 24> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  out.append(buf.data(), end);
}

std::string json_error_body(std::string_view message) {
  std::string out = "{\"message\":";
  append_json_string(out, message);
  out += "}\n";
  return out;
}

}  // namespace ntpmon::web
