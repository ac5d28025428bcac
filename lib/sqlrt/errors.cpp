#include "sqlrt/errors.h"

namespace ntpmon::sqlrt {

std::string FieldRef::describe() const {
  std::string out(query);
  if (!column.empty()) {
    if (!out.empty()) out += '.';
    out += column;
  }
  return out;
}

enum_parse_error::enum_parse_error(std::string table_column, std::string value, const std::string& message)
    : conversion_error(message), table_column_(std::move(table_column)), value_(std::move(value)) {}

void throw_enum_parse_error(std::string_view table_column, std::string_view value,
                            std::initializer_list<std::string_view> allowed) {
  std::string msg = "invalid value '";
  msg += value;
  msg += "' for ";
  msg += table_column;
  msg += " (expected one of:";
  bool first = true;
  for (auto a : allowed) {
    msg += first ? " " : ", ";
    msg += a;
    first = false;
  }
  msg += ")";
  throw enum_parse_error(std::string(table_column), std::string(value), msg);
}

void throw_conversion_error(const FieldRef& where, const std::string& message) {
  std::string w = where.describe();
  if (w.empty()) throw conversion_error(message);
  throw conversion_error(w + ": " + message);
}

}  // namespace ntpmon::sqlrt
