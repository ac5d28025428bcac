#pragma once
// One key=value pair of a log event. The value is rendered to text when the field is made,
// so fields can be stored in a logger and passed between threads.
//
//   logger.info("scored server", {{"server_id", 42}, {"score", 19.5}, {"ok", true}});

#include <chrono>
#include <concepts>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

namespace ntpmon::log {

namespace detail {

std::string field_value(std::string_view text);
std::string field_value(const std::string& text);
std::string field_value(const char* text);
std::string field_value(bool value);
std::string field_value(long long value);
std::string field_value(unsigned long long value);
std::string field_value(double value);
std::string field_value(const std::exception& error);
// Go's time.Duration notation: "1.5s", "250ms", "2m30s", "1h0m0s".
std::string field_value(std::chrono::nanoseconds value);

template <std::signed_integral T>
  requires(!std::same_as<T, bool> && !std::same_as<T, char>)
std::string field_value(T value) {
  return field_value(static_cast<long long>(value));
}

template <std::unsigned_integral T>
  requires(!std::same_as<T, bool> && !std::same_as<T, char>)
std::string field_value(T value) {
  return field_value(static_cast<unsigned long long>(value));
}

template <std::floating_point T>
std::string field_value(T value) {
  return field_value(static_cast<double>(value));
}

template <typename Rep, typename Period>
std::string field_value(std::chrono::duration<Rep, Period> value) {
  return field_value(std::chrono::duration_cast<std::chrono::nanoseconds>(value));
}

// nullopt is logged as `null`.
template <typename T>
std::string field_value(const std::optional<T>& value) {
  return value ? field_value(*value) : std::string("null");
}

}  // namespace detail

struct Field {
  std::string key;
  std::string value;

  template <typename T>
  Field(std::string_view k, const T& v) : key(k), value(detail::field_value(v)) {}
};

}  // namespace ntpmon::log
