#pragma once
// Reads a program's TOML config file against its schema.

#include <string>
#include <string_view>
#include <vector>

#include "config/schema.h"
#include "config/setting.h"

namespace ntpmon::config {

struct FileValue {
  std::string name;
  Value value;
  int line = 0;
};

// Throws ConfigError naming the file and line: unparsable TOML (with the parser's problem
// and column), an undeclared key, or a value of the wrong type or out of bounds.
std::vector<FileValue> read_toml_settings(const std::string& path, const Schema& schema);
// The same for text already read; `path` is used in messages.
std::vector<FileValue> parse_toml_settings(std::string_view text, const std::string& path,
                                           const Schema& schema);

}  // namespace ntpmon::config
