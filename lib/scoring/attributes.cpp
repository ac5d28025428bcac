#include "scoring/attributes.h"

#include <charconv>
#include <limits>

#include <nlohmann/json.hpp>

namespace ntpmon::scoring {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_unicode_escape(std::string& out, unsigned code) {
  out += "\\u";
  out += kHex[(code >> 12) & 0xF];
  out += kHex[(code >> 8) & 0xF];
  out += kHex[(code >> 4) & 0xF];
  out += kHex[code & 0xF];
}

// Length of the valid UTF-8 sequence at text[i], or 0 when it is not valid (Go's
// utf8.DecodeRuneInString rules: shortest form, no surrogates, at most U+10FFFF).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i, unsigned& code) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char b0 = byte(0);
  auto continuation = [&](std::size_t k) { return i + k < text.size() && (byte(k) & 0xC0) == 0x80; };
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (!continuation(1)) return 0;
    code = ((b0 & 0x1Fu) << 6) | (byte(1) & 0x3Fu);
    return 2;
  }
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!continuation(1) || !continuation(2)) return 0;
    code = ((b0 & 0x0Fu) << 12) | ((byte(1) & 0x3Fu) << 6) | (byte(2) & 0x3Fu);
    if (code < 0x800 || (code >= 0xD800 && code <= 0xDFFF)) return 0;
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!continuation(1) || !continuation(2) || !continuation(3)) return 0;
    code = ((b0 & 0x07u) << 18) | ((byte(1) & 0x3Fu) << 12) | ((byte(2) & 0x3Fu) << 6) | (byte(3) & 0x3Fu);
    if (code < 0x10000 || code > 0x10FFFF) return 0;
    return 4;
  }
  return 0;
}

void append_key(std::string& out, bool& first, const char* key) {
  if (!first) out += ',';
  first = false;
  out += '"';
  out += key;
  out += "\":";
}

void append_integer(std::string& out, std::int64_t value) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  (void)ec;
  out.append(buf, end);
}

bool key_matches(std::string_view key, std::string_view field) {
  if (key.size() != field.size()) return false;
  for (std::size_t i = 0; i < key.size(); ++i) {
    char a = key[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (a != field[i]) return false;
  }
  return true;
}

[[noreturn]] void type_error(const std::string& key, const char* want, const nlohmann::ordered_json& value) {
  throw AttributesError("attributes: field \"" + key + "\" must be " + want + ", not " + value.dump());
}

template <typename T>
T integer_field(const std::string& key, const nlohmann::ordered_json& value) {
  // Go accepts only an integer literal here: 1.0 or 1e2 is a type error.
  if (value.is_number_integer() && !value.is_number_unsigned()) {
    const auto v = value.get<std::int64_t>();
    if (v >= std::numeric_limits<T>::min() && v <= std::numeric_limits<T>::max()) return static_cast<T>(v);
  } else if (value.is_number_unsigned()) {
    const auto v = value.get<std::uint64_t>();
    if (v <= static_cast<std::uint64_t>(std::numeric_limits<T>::max())) return static_cast<T>(v);
  } else {
    type_error(key, "an integer", value);
  }
  throw AttributesError("attributes: field \"" + key + "\" is out of range: " + value.dump());
}

std::string string_field(const std::string& key, const nlohmann::ordered_json& value) {
  if (!value.is_string()) type_error(key, "a string", value);
  return value.get<std::string>();
}

}  // namespace

void append_go_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '<':
        case '>':
        case '&': append_unicode_escape(out, c); break;
        default:
          if (c < 0x20) {
            append_unicode_escape(out, c);
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    unsigned code = 0;
    const std::size_t len = utf8_sequence_length(text, i, code);
    if (len == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    if (code == 0x2028 || code == 0x2029) {
      append_unicode_escape(out, code);
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  out += '"';
}

std::string to_json(const Attributes& a) {
  std::string out = "{";
  bool first = true;
  if (a.leap != 0) {
    append_key(out, first, "leap");
    append_integer(out, a.leap);
  }
  if (a.stratum != 0) {
    append_key(out, first, "stratum");
    append_integer(out, a.stratum);
  }
  if (a.no_response) {
    append_key(out, first, "no_response");
    out += "true";
  }
  if (!a.error.empty()) {
    append_key(out, first, "error");
    append_go_json_string(out, a.error);
  }
  if (!a.warning.empty()) {
    append_key(out, first, "warning");
    append_go_json_string(out, a.warning);
  }
  if (a.from_ls_id != 0) {
    append_key(out, first, "from_ls_id");
    append_integer(out, a.from_ls_id);
  }
  if (a.from_ss_id != 0) {
    append_key(out, first, "from_ss_id");
    append_integer(out, a.from_ss_id);
  }
  if (a.chosen_ls_id != 0) {
    append_key(out, first, "chosen_ls_id");
    append_integer(out, a.chosen_ls_id);
  }
  if (a.chosen_monitor_id != 0) {
    append_key(out, first, "chosen_monitor_id");
    append_integer(out, a.chosen_monitor_id);
  }
  out += '}';
  return out;
}

Attributes parse_attributes(std::string_view json) {
  nlohmann::ordered_json doc;
  try {
    doc = nlohmann::ordered_json::parse(json.begin(), json.end());
  } catch (const nlohmann::json::exception& e) {
    throw AttributesError(std::string("attributes: not valid JSON: ") + e.what());
  }
  Attributes out;
  if (doc.is_null()) return out;  // Go: unmarshalling null into a struct changes nothing
  if (!doc.is_object()) throw AttributesError("attributes: not a JSON object: " + std::string(json.substr(0, 80)));
  // In document order, so a repeated key (in any letter case) ends with its last value, as in Go.
  for (const auto& [key, value] : doc.items()) {
    if (value.is_null()) continue;
    if (key_matches(key, "leap")) {
      out.leap = integer_field<std::int8_t>(key, value);
    } else if (key_matches(key, "stratum")) {
      out.stratum = integer_field<std::int8_t>(key, value);
    } else if (key_matches(key, "no_response")) {
      if (!value.is_boolean()) type_error(key, "a boolean", value);
      out.no_response = value.get<bool>();
    } else if (key_matches(key, "error")) {
      out.error = string_field(key, value);
    } else if (key_matches(key, "warning")) {
      out.warning = string_field(key, value);
    } else if (key_matches(key, "from_ls_id")) {
      out.from_ls_id = integer_field<std::int64_t>(key, value);
    } else if (key_matches(key, "from_ss_id")) {
      out.from_ss_id = integer_field<std::int64_t>(key, value);
    } else if (key_matches(key, "chosen_ls_id")) {
      out.chosen_ls_id = integer_field<std::int64_t>(key, value);
    } else if (key_matches(key, "chosen_monitor_id")) {
      out.chosen_monitor_id = integer_field<std::int64_t>(key, value);
    }
  }
  return out;
}

}  // namespace ntpmon::scoring
