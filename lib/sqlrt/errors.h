// Errors raised while converting between database text and C++ values.
#pragma once

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ntpmon::sqlrt {

// Where a value came from, for error messages: "GetServer.created_on". Both parts may be empty.
struct FieldRef {
  std::string_view query;
  std::string_view column;

  std::string describe() const;
};

// A database value (or a value about to be bound) that does not convert: bad datetime text,
// an integer out of range, an unexpected NULL.
class conversion_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A text that is not one of an enum column's values. what() names table.column and the value.
class enum_parse_error : public conversion_error {
 public:
  enum_parse_error(std::string table_column, std::string value, const std::string& message);

  const std::string& table_column() const noexcept { return table_column_; }
  const std::string& value() const noexcept { return value_; }

 private:
  std::string table_column_;
  std::string value_;
};

// "invalid value 'x' for monitors.status (expected one of: pending, testing, ...)"
[[noreturn]] void throw_enum_parse_error(std::string_view table_column, std::string_view value,
                                         std::initializer_list<std::string_view> allowed);

// "<where>: <message>" (or just the message when where is empty).
[[noreturn]] void throw_conversion_error(const FieldRef& where, const std::string& message);

}  // namespace ntpmon::sqlrt
