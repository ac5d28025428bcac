#include "score_attributes.h"

#include <nlohmann/json.hpp>

#include "utf8_text.h"

namespace ntpmon::web {
namespace {

// The JSON parser rejects invalid UTF-8; Go's decoder replaces it with U+FFFD.
std::string replace_invalid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
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

}  // namespace

std::optional<ScoreAttributes> parse_score_attributes(std::string_view json_text) {
  ScoreAttributes out;
  if (json_text.find_first_not_of(" \t\r\n") == std::string_view::npos) return out;
  // Most rows carry only the scorer's from_ls_id/from_ss_id: an object text without either
  // key's name and without an escape (which could spell one) has nothing to read, so it is not
  // parsed (a malformed text of that shape then goes unreported; its output is the same).
  bool plain_object = json_text.front() == '{' && json_text.back() == '}';
  if (plain_object && json_text.find('\\') == std::string_view::npos &&
      json_text.find("\"leap\"") == std::string_view::npos && json_text.find("\"error\"") == std::string_view::npos) {
    return out;
  }
  auto doc = nlohmann::json::parse(replace_invalid_utf8(json_text), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return std::nullopt;
  if (doc.is_null()) return out;  // the literal null: no attributes
  if (!doc.is_object()) return std::nullopt;
  if (auto leap = doc.find("leap"); leap != doc.end() && leap->is_number_integer()) {
    auto value = leap->get<long long>();
    if (value >= -128 && value <= 127) out.leap = static_cast<int>(value);
  }
  if (auto error = doc.find("error"); error != doc.end() && error->is_string()) {
    out.error = error->get<std::string>();
  }
  return out;
}

}  // namespace ntpmon::web
