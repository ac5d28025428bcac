#include "config/schema.h"

#include <stdexcept>
#include <string>

namespace ntpmon::config {

Schema& Schema::add(Setting setting) {
  if (setting.name.empty()) throw std::logic_error("config: a setting needs a name");
  for (const auto& s : settings_) {
    if (s.name == setting.name) {
      throw std::logic_error("config: setting \"" + setting.name + "\" declared twice");
    }
    if (!setting.env_var.empty() && s.env_var == setting.env_var) {
      throw std::logic_error("config: environment variable " + setting.env_var + " used twice");
    }
    if (!setting.flag_name().empty() && s.flag_name() == setting.flag_name()) {
      throw std::logic_error("config: flag " + setting.flag_name() + " used twice");
    }
  }
  if (setting.default_value && !holds_type(*setting.default_value, setting.type)) {
    throw std::logic_error("config: default of \"" + setting.name + "\" is not " +
                           std::string(type_phrase(setting.type)));
  }
  settings_.push_back(std::move(setting));
  return *this;
}

const Setting* Schema::find(std::string_view name) const {
  for (const auto& s : settings_) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

bool Schema::has_table(std::string_view prefix) const {
  for (const auto& s : settings_) {
    if (s.name.size() > prefix.size() && s.name.starts_with(prefix) &&
        s.name[prefix.size()] == '.') {
      return true;
    }
  }
  return false;
}

}  // namespace ntpmon::config
