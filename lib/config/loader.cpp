#include "config/loader.h"

#include <CLI/CLI.hpp>

#include "config/config_error.h"
#include "config/toml_file.h"
#include "config/value_parse.h"

namespace ntpmon::config {

namespace {

std::string help_text(const Setting& s) {
  std::string h = s.help_text;
  if (!s.env_var.empty()) h += " [env " + s.env_var + "]";
  if (s.default_value && !s.is_secret) {
    std::string d = format_value(*s.default_value);
    h += " (default " + (d.empty() ? std::string("\"\"") : d) + ")";
  }
  if (s.is_required) h += " (required)";
  return h;
}

std::string value_name(Type type) {
  switch (type) {
    case Type::integer:
      return "INT";
    case Type::floating:
      return "FLOAT";
    case Type::duration:
      return "DURATION";
    default:
      return "TEXT";
  }
}

std::string negated_flag(const std::string& flag) { return "--no-" + flag.substr(2); }

}  // namespace

Loader::Loader(Schema schema) : schema_(std::move(schema)) {}

void Loader::add_flags(CLI::App& app) {
  config_option_ = app.add_option("--config", config_path_, "TOML configuration file");
  for (const auto& s : schema_.settings()) {
    std::string flag = s.flag_name();
    if (flag.empty()) continue;
    const std::string help = help_text(s);
    CLI::Option* opt;
    if (s.type == Type::boolean && flag.starts_with("--")) {
      opt = app.add_flag(flag + ",!" + negated_flag(flag), help);
    } else {
      flag_storage_.emplace_back();
      opt = app.add_option(flag, flag_storage_.back(), help);
      opt->type_name(value_name(s.type));
    }
    flags_.emplace_back(&s, opt);
  }
}

Config Loader::load(const Environment& env) const {
  std::optional<std::string> file;
  if (config_option_ != nullptr && config_option_->count() > 0) file = config_path_;
  return load_sources(file, env, true);
}

Config Loader::load_without_flags(const std::optional<std::string>& file,
                                  const Environment& env) const {
  return load_sources(file, env, false);
}

Config Loader::load_sources(const std::optional<std::string>& file, const Environment& env,
                            bool with_flags) const {
  Config config(schema_);
  if (file) {
    if (file->empty()) throw ConfigError("--config: empty file name");
    for (auto& fv : read_toml_settings(*file, schema_)) {
      config.set(fv.name, std::move(fv.value),
                 Origin{Source::file, *file + ":" + std::to_string(fv.line)});
    }
    config.set_file(*file);
  }
  for (const auto& s : schema_.settings()) {
    if (s.env_var.empty() || !env) continue;
    if (auto text = env(s.env_var)) {
      config.set(s.name, parse_setting_value(s, *text, "from environment variable " + s.env_var),
                 Origin{Source::env, s.env_var});
    }
  }
  if (with_flags) {
    for (const auto& [s, opt] : flags_) {
      if (opt->count() == 0 || opt->results().empty()) continue;
      // A flag given twice: the last one wins. For booleans CLI11 reports --x as "true" and
      // --no-x as "false"; --x=VALUE arrives as VALUE.
      std::string text = opt->results().back();
      config.set(s->name, parse_setting_value(*s, text, "from flag " + s->flag_name()),
                 Origin{Source::flag, s->flag_name()});
    }
  }
  for (const auto& s : schema_.settings()) {
    if (s.is_required && !config.has(s.name)) {
      std::string how = "config file";
      if (!s.env_var.empty()) how += ", environment variable " + s.env_var;
      if (!s.flag_name().empty()) how += " or flag " + s.flag_name();
      throw ConfigError("setting \"" + s.name + "\" is required; set it in the " + how);
    }
  }
  return config;
}

}  // namespace ntpmon::config
