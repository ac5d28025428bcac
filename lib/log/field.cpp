#include "log/field.h"

#include "log/duration_text.h"

#include <charconv>
#include <cmath>

namespace ntpmon::log::detail {

std::string field_value(std::string_view text) { return std::string(text); }
std::string field_value(const std::string& text) { return text; }
std::string field_value(const char* text) { return text ? std::string(text) : std::string("null"); }
std::string field_value(bool value) { return value ? "true" : "false"; }
std::string field_value(long long value) { return std::to_string(value); }
std::string field_value(unsigned long long value) { return std::to_string(value); }
std::string field_value(const std::exception& error) { return error.what(); }

std::string field_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  if (ec != std::errc()) return "NaN";
  return std::string(buf, end);
}

std::string field_value(std::chrono::nanoseconds value) { return format_go_duration(value); }

}  // namespace ntpmon::log::detail
