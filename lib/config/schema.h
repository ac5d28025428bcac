#pragma once
// The settings a program declares, in declaration order.

#include <string_view>
#include <vector>

#include "config/setting.h"

namespace ntpmon::config {

class Schema {
 public:
  // Throws std::logic_error for a duplicate or empty name, a repeated flag or env name, or a
  // default value of the wrong type (mistakes of the program, not of its user).
  Schema& add(Setting setting);

  const std::vector<Setting>& settings() const { return settings_; }
  const Setting* find(std::string_view name) const;
  // True when some setting's name starts with `prefix` + "." (a TOML table).
  bool has_table(std::string_view prefix) const;

 private:
  std::vector<Setting> settings_;
};

}  // namespace ntpmon::config
