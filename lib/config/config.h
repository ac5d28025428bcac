#pragma once
// The loaded settings of a program: each value and the source it came from.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/schema.h"
#include "config/setting.h"

namespace ntpmon::config {

enum class Source { unset, default_value, file, env, flag };

struct Origin {
  Source source = Source::unset;
  // file: "path:line"; env: the variable name; flag: the flag as typed; else empty.
  std::string detail;
};

// "default", "config file /etc/x.toml:3", "environment variable ADMIN_PORT", "flag --port", "unset".
std::string describe(const Origin& origin);

class Config {
 public:
  Config() = default;
  explicit Config(Schema schema);

  // Accessors throw std::logic_error for an undeclared name or another type (a program
  // bug), and ConfigError for an unset setting without default.
  const std::string& string(std::string_view name) const;
  std::int64_t integer(std::string_view name) const;
  double floating(std::string_view name) const;
  bool boolean(std::string_view name) const;
  std::chrono::nanoseconds duration(std::string_view name) const;

  bool has(std::string_view name) const;  // set by any source or by a default
  std::optional<std::string> optional_string(std::string_view name) const;
  const Value* value(std::string_view name) const;
  Origin origin(std::string_view name) const;

  struct Entry {
    std::string name;
    std::string value;  // "***" for secrets, "" when unset
    Origin origin;
  };
  // Every declared setting in declaration order, for a startup log line or --print-config.
  std::vector<Entry> entries() const;

  // The config file that was read, if any.
  const std::optional<std::string>& file() const { return file_; }

  const Schema& schema() const { return schema_; }

  // Used by the loader.
  void set(const std::string& name, Value value, Origin origin);
  void set_file(std::string path) { file_ = std::move(path); }

 private:
  const Setting& declared(std::string_view name) const;
  template <typename T>
  const T& typed(std::string_view name, Type type) const;

  Schema schema_;
  std::map<std::string, std::pair<Value, Origin>, std::less<>> values_;
  std::optional<std::string> file_;
};

}  // namespace ntpmon::config
