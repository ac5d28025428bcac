// The statement wrapper the generated query functions run on. It hides soci (so generated
// headers and most of their sources stay light) and does the conversions of the text
// protocol: parameters are bound as text or integers, every result column is fetched as text
// and converted with range checks, so DATETIME(6) keeps its microseconds and an unexpected
// NULL or a bad value names the query and the column.
//
// Parameters are bound by name to the placeholders :p1, :p2, ... in the order bind() is
// called; sqlgen rewrites each occurrence of a named parameter to the next of these.
#pragma once

#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "sqlrt/convert.h"
#include "sqlrt/errors.h"
#include "sqlrt/time.h"

namespace soci {
class session;
}

namespace ntpmon::sqlrt {

namespace detail {
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class>
inline constexpr bool always_false = false;
}  // namespace detail

class Statement {
 public:
  // `sql` must stay valid for the lifetime of the statement (generated code passes a literal).
  Statement(soci::session& session, std::string_view query_name, std::string_view sql, std::size_t columns);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // ---- parameters (call in placeholder order, before execute) ----
  template <std::integral T>
  void bind(T value) {
    if constexpr (std::is_same_v<T, bool>) {
      bind_signed(value ? 1 : 0);
    } else if constexpr (std::is_signed_v<T>) {
      bind_signed(static_cast<long long>(value));
    } else {
      bind_unsigned(static_cast<unsigned long long>(value));
    }
  }
  void bind(double value);
  void bind(std::string_view value);
  void bind(const std::string& value) { bind(std::string_view(value)); }
  void bind(const char* value) { bind(std::string_view(value)); }
  void bind(std::chrono::sys_seconds value);
  void bind(sys_micros value);
  void bind(std::chrono::sys_days value);
  // Generated enums: bound as their text (to_string is found by argument-dependent lookup).
  template <class E>
    requires std::is_enum_v<E>
  void bind(E value) {
    bind(std::string_view(to_string(value)));
  }
  template <class T>
  void bind(const std::optional<T>& value) {
    if (value) {
      bind(*value);
    } else {
      bind_null();
    }
  }
  void bind_null();

  // ---- execution ----
  // Runs the statement. True when it returned a row, which get() then reads.
  bool execute();
  // Moves to the next row; false at the end.
  bool next();
  // Rows changed by an INSERT/UPDATE/DELETE (MySQL counts rows actually changed).
  std::uint64_t affected_rows();
  // The AUTO_INCREMENT value of the last INSERT on this connection (mysql_insert_id, no
  // extra round trip).
  std::uint64_t last_insert_id();

  // ---- the current row ----
  bool is_null(std::size_t column) const { return nulls_[column] != 0; }
  std::string_view text(std::size_t column) const { return values_[column]; }

  // Converts column `column` (named `name` in errors) to T. T may be std::optional<U>; a
  // NULL for a non-optional T throws conversion_error. Strings are moved out of the row
  // buffer, so read each column once per row.
  template <class T>
  T get(std::size_t column, std::string_view name) {
    if constexpr (detail::is_optional<T>::value) {
      if (nulls_[column]) return std::nullopt;
      return T(convert<typename T::value_type>(column, name));
    } else {
      if (nulls_[column]) throw_unexpected_null(name);
      return convert<T>(column, name);
    }
  }

 private:
  template <class T>
  T convert(std::size_t column, std::string_view name) {
    FieldRef where{query_name_, name};
    std::string& text = values_[column];
    if constexpr (std::is_same_v<T, std::string>) {
      return std::move(text);
    } else if constexpr (std::is_same_v<T, double>) {
      return parse_double(text, where);
    } else if constexpr (std::integral<T>) {
      return parse_integer<T>(text, where);
    } else if constexpr (std::is_same_v<T, std::chrono::sys_seconds>) {
      return parse_datetime(text, where);
    } else if constexpr (std::is_same_v<T, sys_micros>) {
      return parse_datetime_micros(text, where);
    } else if constexpr (std::is_same_v<T, std::chrono::sys_days>) {
      return parse_date(text, where);
    } else if constexpr (std::is_enum_v<T>) {
      T out{};
      parse_enum(std::string_view(text), out);  // generated, found by argument-dependent lookup
      return out;
    } else {
      static_assert(detail::always_false<T>, "unsupported column type");
    }
  }

  [[noreturn]] void throw_unexpected_null(std::string_view column) const;
  void bind_signed(long long value);
  void bind_unsigned(unsigned long long value);
  void sync_nulls();

  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string_view query_name_;
  std::vector<std::string> values_;
  std::vector<unsigned char> nulls_;
};

}  // namespace ntpmon::sqlrt
