#pragma once
// Loads a program's settings: defaults, then the TOML file given with --config, then the
// environment, then flags, each later source winning.
//
//   config::Schema schema;
//   schema.add({.name = "admin.listen", ...});
//   CLI::App app{"monitor-scorer"};
//   config::Loader loader(schema);
//   loader.add_flags(app);
//   if (auto rc = config::parse_command_line(app, argc, argv)) return *rc;
//   config::Config cfg;
//   try { cfg = loader.load(); }
//   catch (const config::ConfigError& e) { return config::report_config_error(e, "monitor-scorer"); }

#include <deque>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"
#include "config/environment.h"
#include "config/schema.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace ntpmon::config {

class Loader {
 public:
  explicit Loader(Schema schema);
  // The flags added to a CLI::App point into the loader.
  Loader(const Loader&) = delete;
  Loader& operator=(const Loader&) = delete;

  // Adds --config FILE and one option per setting that has a flag (booleans also get
  // --no-<name>). The help text names the environment variable and the default.
  void add_flags(CLI::App& app);

  // After app.parse(). Throws ConfigError.
  Config load(const Environment& env = process_environment()) const;

  // For programs (and tests) without a command line: an optional file, then the environment.
  Config load_without_flags(const std::optional<std::string>& file,
                            const Environment& env = process_environment()) const;

  const Schema& schema() const { return schema_; }

 private:
  Config load_sources(const std::optional<std::string>& file, const Environment& env,
                      bool with_flags) const;

  Schema schema_;
  std::string config_path_;
  CLI::Option* config_option_ = nullptr;
  std::deque<std::string> flag_storage_;
  std::vector<std::pair<const Setting*, CLI::Option*>> flags_;
};

}  // namespace ntpmon::config
