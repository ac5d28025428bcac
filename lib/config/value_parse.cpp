#include "config/value_parse.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

#include "config/config_error.h"
#include "log/duration_text.h"

namespace ntpmon::config {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

}  // namespace

std::optional<bool> parse_bool(std::string_view text) {
  std::string t = lower(text);
  if (t == "true" || t == "1" || t == "t" || t == "yes" || t == "on") return true;
  if (t == "false" || t == "0" || t == "f" || t == "no" || t == "off") return false;
  return std::nullopt;
}

std::optional<std::int64_t> parse_int(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

std::optional<double> parse_float(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

std::optional<std::chrono::nanoseconds> parse_duration(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return std::chrono::nanoseconds(0);
  if (s.empty()) return std::nullopt;
  long double total = 0;
  while (!s.empty()) {
    std::size_t i = 0;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
    std::string_view number = s.substr(0, i);
    if (number.empty() || number == "." || std::count(number.begin(), number.end(), '.') > 1) {
      return std::nullopt;
    }
    s.remove_prefix(i);
    std::size_t j = 0;
    while (j < s.size() && !std::isdigit(static_cast<unsigned char>(s[j])) && s[j] != '.') ++j;
    std::string_view unit = s.substr(0, j);
    s.remove_prefix(j);
    long double scale;
    if (unit == "ns") {
      scale = 1;
    } else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") {
      scale = 1e3L;
    } else if (unit == "ms") {
      scale = 1e6L;
    } else if (unit == "s") {
      scale = 1e9L;
    } else if (unit == "m") {
      scale = 60e9L;
    } else if (unit == "h") {
      scale = 3600e9L;
    } else {
      return std::nullopt;
    }
    long double n = std::strtold(std::string(number).c_str(), nullptr);
    total += n * scale;
    if (total > static_cast<long double>(std::numeric_limits<std::int64_t>::max())) {
      return std::nullopt;
    }
  }
  auto ns = static_cast<std::int64_t>(std::llround(total));
  return std::chrono::nanoseconds(negative ? -ns : ns);
}

std::string format_duration(std::chrono::nanoseconds value) { return log::format_go_duration(value); }

void check_constraints(const Setting& setting, const Value& value, const std::string& where) {
  auto fail = [&](const std::string& why) {
    throw ConfigError("setting \"" + setting.name + "\" " + where + ": " + why);
  };
  if (const auto* i = std::get_if<std::int64_t>(&value)) {
    if ((setting.min && *i < *setting.min) || (setting.max && *i > *setting.max)) {
      std::string range = (setting.min ? std::to_string(*setting.min) : std::string("")) + ".." +
                          (setting.max ? std::to_string(*setting.max) : std::string(""));
      fail(std::to_string(*i) + " is out of range " + range);
    }
  }
  if (const auto* s = std::get_if<std::string>(&value); s && !setting.allowed.empty()) {
    if (std::find(setting.allowed.begin(), setting.allowed.end(), *s) == setting.allowed.end()) {
      std::string list;
      for (const auto& c : setting.allowed) list += (list.empty() ? "" : ", ") + c;
      fail(quoted(*s) + " is not one of " + list);
    }
  }
}

Value parse_setting_value(const Setting& setting, std::string_view text, const std::string& where) {
  auto fail = [&]() -> ConfigError {
    return ConfigError("setting \"" + setting.name + "\" " + where + ": " + quoted(text) +
                       " is not " + std::string(type_phrase(setting.type)));
  };
  Value value;
  switch (setting.type) {
    case Type::string:
      value = std::string(text);
      break;
    case Type::integer: {
      auto v = parse_int(text);
      if (!v) throw fail();
      value = *v;
      break;
    }
    case Type::floating: {
      auto v = parse_float(text);
      if (!v) throw fail();
      value = *v;
      break;
    }
    case Type::boolean: {
      auto v = parse_bool(text);
      if (!v) throw fail();
      value = *v;
      break;
    }
    case Type::duration: {
      auto v = parse_duration(text);
      if (!v) throw fail();
      value = *v;
      break;
    }
  }
  check_constraints(setting, value, where);
  return value;
}

}  // namespace ntpmon::config
