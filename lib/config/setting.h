#pragma once
// The declaration of one setting of a program.
//
//   schema.add(Setting::string("admin.listen", "127.0.0.1:9000")
//                  .env("ADMIN_LISTEN")
//                  .help("admin HTTP server address"));
//   schema.add(Setting::integer("workers", 4).range(1, 64).help("worker threads"));
//
// The name is the key in the TOML file; a dotted name is a key in a table ("admin.listen" is
// `listen` under `[admin]`). The flag is "--" + name with '.' and '_' turned into '-'
// ("--admin-listen") unless flag() says otherwise; no_flag() removes it.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ntpmon::config {

enum class Type { string, integer, floating, boolean, duration };

// Held alternative by Type: string, integer (int64_t), floating (double), boolean (bool),
// duration (std::chrono::nanoseconds, written like Go's time.Duration: "1m30s", "250ms").
using Value = std::variant<std::string, std::int64_t, double, bool, std::chrono::nanoseconds>;

struct Setting {
  std::string name;
  Type type = Type::string;
  std::optional<Value> default_value;  // nullopt: unset unless given
  std::string env_var;                 // empty: none
  std::string help_text;
  std::string flag_override;           // empty: derived from name
  bool without_flag = false;           // no command-line flag at all
  bool is_required = false;            // loading fails when no source sets it
  bool is_secret = false;              // value masked when settings are listed
  std::optional<std::int64_t> min;     // integer settings: inclusive bounds
  std::optional<std::int64_t> max;
  std::vector<std::string> allowed;    // string settings: the allowed values, if not empty

  static Setting string(std::string name, std::optional<std::string> default_value = std::nullopt);
  static Setting integer(std::string name, std::optional<std::int64_t> default_value = std::nullopt);
  static Setting floating(std::string name, std::optional<double> default_value = std::nullopt);
  static Setting boolean(std::string name, std::optional<bool> default_value = std::nullopt);
  static Setting duration(std::string name,
                          std::optional<std::chrono::nanoseconds> default_value = std::nullopt);

  Setting& env(std::string variable);
  Setting& help(std::string text);
  Setting& flag(std::string flag);  // "--name" or "name"
  Setting& no_flag();
  Setting& required();
  Setting& secret();
  Setting& range(std::optional<std::int64_t> lo, std::optional<std::int64_t> hi);
  Setting& choices(std::vector<std::string> values);

  // The flag as typed on the command line ("--admin-listen"); empty when there is none.
  std::string flag_name() const;
};

std::string_view to_string(Type type);
// "an integer", "a string", ...: for error messages.
std::string_view type_phrase(Type type);
bool holds_type(const Value& value, Type type);
// The value as it would be written in an environment variable.
std::string format_value(const Value& value);

}  // namespace ntpmon::config
