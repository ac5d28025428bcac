#include "attributes.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace ntpmon::archiver {

namespace {

bool key_is(std::string_view key, std::string_view name) {
  return key.size() == name.size() &&
         std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == static_cast<unsigned char>(b);
         });
}

std::uint8_t leap_value(const nlohmann::ordered_json& value) {
  if (value.is_number_unsigned() && value.get<std::uint64_t>() <= 255) {
    return static_cast<std::uint8_t>(value.get<std::uint64_t>());
  }
  throw AttributesError("attributes: leap " + value.dump() + " is not an integer from 0 to 255");
}

}  // namespace

ScoreAttributes parse_score_attributes(const std::optional<std::string>& text) {
  if (!text) return {};
  return parse_score_attributes(std::string_view(*text));
}

ScoreAttributes parse_score_attributes(std::string_view text) {
  ScoreAttributes out;
  if (text.empty()) return out;
  nlohmann::ordered_json doc;
  try {
    doc = nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw AttributesError(std::string("attributes: not valid JSON: ") + e.what());
  }
  if (doc.is_null()) return out;
  if (!doc.is_object()) {
    throw AttributesError(std::string("attributes: expected a JSON object, got ") + doc.type_name());
  }
  for (const auto& [key, value] : doc.items()) {
    if (value.is_null()) continue;  // as Go's decoder: null leaves the field as it is
    if (key_is(key, "leap")) {
      out.leap = leap_value(value);
    } else if (key_is(key, "error")) {
      if (!value.is_string()) {
        throw AttributesError("attributes: error " + value.dump() + " is not a string");
      }
      out.error = value.get<std::string>();
    }
  }
  return out;
}

}  // namespace ntpmon::archiver
