#include "config/config.h"

#include <stdexcept>

#include "config/config_error.h"

namespace ntpmon::config {

std::string describe(const Origin& origin) {
  switch (origin.source) {
    case Source::unset:
      return "unset";
    case Source::default_value:
      return "default";
    case Source::file:
      return "config file " + origin.detail;
    case Source::env:
      return "environment variable " + origin.detail;
    case Source::flag:
      return "flag " + origin.detail;
  }
  return "unknown";
}

Config::Config(Schema schema) : schema_(std::move(schema)) {
  for (const auto& s : schema_.settings()) {
    if (s.default_value) values_[s.name] = {*s.default_value, Origin{Source::default_value, {}}};
  }
}

const Setting& Config::declared(std::string_view name) const {
  const Setting* s = schema_.find(name);
  if (!s) throw std::logic_error("config: no setting \"" + std::string(name) + "\" declared");
  return *s;
}

template <typename T>
const T& Config::typed(std::string_view name, Type type) const {
  const Setting& s = declared(name);
  if (s.type != type) {
    throw std::logic_error("config: setting \"" + s.name + "\" is a " +
                           std::string(to_string(s.type)) + ", read as a " +
                           std::string(to_string(type)));
  }
  auto it = values_.find(name);
  if (it == values_.end()) {
    std::string how = s.env_var.empty() ? "" : ", " + s.env_var;
    if (!s.flag_name().empty()) how += " or " + s.flag_name();
    throw ConfigError("setting \"" + s.name + "\" is not set (config file" + how + ")");
  }
  return std::get<T>(it->second.first);
}

const std::string& Config::string(std::string_view name) const {
  return typed<std::string>(name, Type::string);
}
std::int64_t Config::integer(std::string_view name) const {
  return typed<std::int64_t>(name, Type::integer);
}
double Config::floating(std::string_view name) const { return typed<double>(name, Type::floating); }
bool Config::boolean(std::string_view name) const { return typed<bool>(name, Type::boolean); }
std::chrono::nanoseconds Config::duration(std::string_view name) const {
  return typed<std::chrono::nanoseconds>(name, Type::duration);
}

bool Config::has(std::string_view name) const {
  declared(name);
  return values_.find(name) != values_.end();
}

std::optional<std::string> Config::optional_string(std::string_view name) const {
  if (!has(name)) return std::nullopt;
  return string(name);
}

const Value* Config::value(std::string_view name) const {
  declared(name);
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second.first;
}

Origin Config::origin(std::string_view name) const {
  declared(name);
  auto it = values_.find(name);
  return it == values_.end() ? Origin{} : it->second.second;
}

std::vector<Config::Entry> Config::entries() const {
  std::vector<Entry> out;
  for (const auto& s : schema_.settings()) {
    Entry e{s.name, "", Origin{}};
    if (auto it = values_.find(s.name); it != values_.end()) {
      e.value = s.is_secret ? "***" : format_value(it->second.first);
      e.origin = it->second.second;
    }
    out.push_back(std::move(e));
  }
  return out;
}

void Config::set(const std::string& name, Value value, Origin origin) {
  declared(name);
  values_[name] = {std::move(value), std::move(origin)};
}

}  // namespace ntpmon::config
