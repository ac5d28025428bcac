#include "json_rows.h"

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "scoring/attributes.h"
#include "sqlrt/time.h"

namespace ntpmon::scorer {

void JsonRows::begin_row() {
  if (rows_ == 0) {
    text_ = "[{";
  } else {
    text_ += "},{";
  }
  ++rows_;
  first_field_ = true;
}

void JsonRows::key(std::string_view k) {
  if (!first_field_) text_ += ',';
  first_field_ = false;
  text_ += '"';
  text_ += k;
  text_ += "\":";
}

void JsonRows::field(std::string_view k, std::int64_t value) {
  key(k);
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  (void)ec;
  text_.append(buf, end);
}

void JsonRows::field(std::string_view k, std::uint64_t value) {
  key(k);
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  (void)ec;
  text_.append(buf, end);
}

void JsonRows::field(std::string_view k, double value) {
  if (!std::isfinite(value)) throw std::invalid_argument("JSON rows: field " + std::string(k) + " is not finite");
  key(k);
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);  // shortest round trip
  (void)ec;
  text_.append(buf, end);
}

void JsonRows::field(std::string_view k, std::chrono::sys_seconds value) {
  key(k);
  text_ += '"';
  text_ += sqlrt::format_datetime(value);
  text_ += '"';
}

void JsonRows::field(std::string_view k, std::string_view text) {
  key(k);
  scoring::append_go_json_string(text_, text);
}

std::string JsonRows::take() {
  if (rows_ == 0) return "[]";
  text_ += "}]";
  rows_ = 0;
  first_field_ = true;
  return std::exchange(text_, std::string());
}

}  // namespace ntpmon::scorer
