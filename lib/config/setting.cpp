#include "config/setting.h"

#include <charconv>

#include "config/value_parse.h"

namespace ntpmon::config {

namespace {

Setting make(std::string name, Type type, std::optional<Value> default_value) {
  Setting s;
  s.name = std::move(name);
  s.type = type;
  s.default_value = std::move(default_value);
  return s;
}

template <typename T>
std::optional<Value> as_value(std::optional<T> v) {
  if (!v) return std::nullopt;
  return Value(std::move(*v));
}

}  // namespace

Setting Setting::string(std::string name, std::optional<std::string> default_value) {
  return make(std::move(name), Type::string, as_value(std::move(default_value)));
}
Setting Setting::integer(std::string name, std::optional<std::int64_t> default_value) {
  return make(std::move(name), Type::integer, as_value(default_value));
}
Setting Setting::floating(std::string name, std::optional<double> default_value) {
  return make(std::move(name), Type::floating, as_value(default_value));
}
Setting Setting::boolean(std::string name, std::optional<bool> default_value) {
  return make(std::move(name), Type::boolean, as_value(default_value));
}
Setting Setting::duration(std::string name, std::optional<std::chrono::nanoseconds> default_value) {
  return make(std::move(name), Type::duration, as_value(default_value));
}

Setting& Setting::env(std::string variable) {
  env_var = std::move(variable);
  return *this;
}
Setting& Setting::help(std::string text) {
  help_text = std::move(text);
  return *this;
}
Setting& Setting::flag(std::string f) {
  flag_override = std::move(f);
  return *this;
}
Setting& Setting::no_flag() {
  without_flag = true;
  return *this;
}
Setting& Setting::required() {
  is_required = true;
  return *this;
}
Setting& Setting::secret() {
  is_secret = true;
  return *this;
}
Setting& Setting::range(std::optional<std::int64_t> lo, std::optional<std::int64_t> hi) {
  min = lo;
  max = hi;
  return *this;
}
Setting& Setting::choices(std::vector<std::string> values) {
  allowed = std::move(values);
  return *this;
}

std::string Setting::flag_name() const {
  if (without_flag) return {};
  if (!flag_override.empty()) {
    return flag_override.starts_with("-") ? flag_override : "--" + flag_override;
  }
  std::string out = "--";
  for (char c : name) out.push_back(c == '.' || c == '_' ? '-' : c);
  return out;
}

std::string_view to_string(Type type) {
  switch (type) {
    case Type::string:
      return "string";
    case Type::integer:
      return "integer";
    case Type::floating:
      return "float";
    case Type::boolean:
      return "boolean";
    case Type::duration:
      return "duration";
  }
  return "?";
}

std::string_view type_phrase(Type type) {
  switch (type) {
    case Type::string:
      return "a string";
    case Type::integer:
      return "an integer";
    case Type::floating:
      return "a number";
    case Type::boolean:
      return "a boolean (true or false)";
    case Type::duration:
      return "a duration (like \"30s\", \"1m30s\", \"250ms\")";
  }
  return "?";
}

bool holds_type(const Value& value, Type type) {
  switch (type) {
    case Type::string:
      return std::holds_alternative<std::string>(value);
    case Type::integer:
      return std::holds_alternative<std::int64_t>(value);
    case Type::floating:
      return std::holds_alternative<double>(value);
    case Type::boolean:
      return std::holds_alternative<bool>(value);
    case Type::duration:
      return std::holds_alternative<std::chrono::nanoseconds>(value);
  }
  return false;
}

std::string format_value(const Value& value) {
  struct Visitor {
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const {
      char buf[64];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
      return ec == std::errc() ? std::string(buf, end) : std::string("NaN");
    }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::chrono::nanoseconds d) const { return format_duration(d); }
  };
  return std::visit(Visitor{}, value);
}

}  // namespace ntpmon::config
