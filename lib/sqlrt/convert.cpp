#include "sqlrt/convert.h"

#include <charconv>

namespace ntpmon::sqlrt {
namespace detail {

void throw_out_of_range(const FieldRef& where, std::string_view value, std::string_view type, std::string_view min,
                        std::string_view max) {
  std::string msg = "value ";
  msg += value;
  msg += " is out of range for ";
  msg += type;
  msg += " (";
  msg += min;
  msg += "..";
  msg += max;
  msg += ")";
  throw_conversion_error(where, msg);
}

void throw_not_a_number(const FieldRef& where, std::string_view text, std::string_view type) {
  std::string msg = "'";
  msg += text;
  msg += "' is not a valid ";
  msg += type;
  throw_conversion_error(where, msg);
}

}  // namespace detail

double parse_double(std::string_view text, const FieldRef& where) {
  double value = 0;
  const char* last = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), last, value);
  if (ec != std::errc() || ptr != last || text.empty()) detail::throw_not_a_number(where, text, "double");
  return value;
}

}  // namespace ntpmon::sqlrt
