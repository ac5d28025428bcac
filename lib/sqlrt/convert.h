// Numbers from the text protocol and range-checked narrowing.
#pragma once

#include <charconv>
#include <concepts>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "sqlrt/errors.h"

namespace ntpmon::sqlrt {

// "int8", "uint32", ... for messages.
template <std::integral T>
constexpr std::string_view integer_type_name() {
  if constexpr (std::is_same_v<T, bool>) {
    return "bool";
  } else if constexpr (std::is_signed_v<T>) {
    if constexpr (sizeof(T) == 1) return "int8";
    else if constexpr (sizeof(T) == 2) return "int16";
    else if constexpr (sizeof(T) == 4) return "int32";
    else return "int64";
  } else {
    if constexpr (sizeof(T) == 1) return "uint8";
    else if constexpr (sizeof(T) == 2) return "uint16";
    else if constexpr (sizeof(T) == 4) return "uint32";
    else return "uint64";
  }
}

namespace detail {
[[noreturn]] void throw_out_of_range(const FieldRef& where, std::string_view value, std::string_view type,
                                     std::string_view min, std::string_view max);
[[noreturn]] void throw_not_a_number(const FieldRef& where, std::string_view text, std::string_view type);
}  // namespace detail

// Converts an integer to a narrower (or differently signed) type; throws conversion_error
// naming the value, the target type and its range when it does not fit.
template <std::integral To, std::integral From>
To narrow(From value, const FieldRef& where = {}) {
  static_assert(!std::is_same_v<To, bool>, "narrow<bool> is not a range check; compare with 0");
  if (!std::in_range<To>(value)) {
    detail::throw_out_of_range(where, std::to_string(value), integer_type_name<To>(),
                               std::to_string(std::numeric_limits<To>::min()),
                               std::to_string(std::numeric_limits<To>::max()));
  }
  return static_cast<To>(value);
}

// Parses the decimal text of an integer column ("-12", "4294967295") into T; throws
// conversion_error for anything else and for values outside T's range. bool accepts any
// integer (non-zero is true), as MySQL's tinyint(1) does.
template <std::integral T>
T parse_integer(std::string_view text, const FieldRef& where = {}) {
  if constexpr (std::is_same_v<T, bool>) {
    return parse_integer<long long>(text, where) != 0;
  } else {
    T value{};
    const char* first = text.data();
    const char* last = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(first, last, value);
    if (ec == std::errc::result_out_of_range) {
      detail::throw_out_of_range(where, text, integer_type_name<T>(),
                                 std::to_string(std::numeric_limits<T>::min()),
                                 std::to_string(std::numeric_limits<T>::max()));
    }
    if (ec != std::errc() || ptr != last || text.empty()) {
      detail::throw_not_a_number(where, text, integer_type_name<T>());
    }
    return value;
  }
}

// Parses the text of a DOUBLE/FLOAT/DECIMAL value.
double parse_double(std::string_view text, const FieldRef& where = {});

}  // namespace ntpmon::sqlrt
