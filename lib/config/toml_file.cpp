#include "config/toml_file.h"

#include <toml++/toml.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/config_error.h"
#include "config/value_parse.h"

namespace ntpmon::config {

namespace {

std::string node_phrase(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
      return "a date/time";
    default:
      return "an empty value";
  }
}

class Reader {
 public:
  Reader(const std::string& path, const Schema& schema) : path_(path), schema_(schema) {}

  void walk(const toml::table& table, const std::string& prefix) {
    for (auto&& [key, node] : table) {
      std::string name = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
      int line = static_cast<int>(node.source().begin.line);
      if (const Setting* s = schema_.find(name)) {
        out_.push_back({name, convert(*s, node, line), line});
      } else if (const auto* sub = node.as_table(); sub && schema_.has_table(name)) {
        walk(*sub, name);
      } else {
        throw ConfigError("config file " + path_ + " line " + std::to_string(line) +
                          ": unknown setting \"" + name + "\"");
      }
    }
  }

  std::vector<FileValue> take() { return std::move(out_); }

 private:
  Value convert(const Setting& s, const toml::node& node, int line) {
    std::string where = "in config file " + path_ + " line " + std::to_string(line);
    auto mismatch = [&]() {
      return ConfigError("setting \"" + s.name + "\" " + where + ": expected " +
                         std::string(type_phrase(s.type)) + ", got " + node_phrase(node));
    };
    Value value;
    switch (s.type) {
      case Type::string:
        if (!node.is_string()) throw mismatch();
        value = std::string(node.as_string()->get());
        break;
      case Type::integer:
        if (!node.is_integer()) throw mismatch();
        value = node.as_integer()->get();
        break;
      case Type::floating:
        if (node.is_integer()) {
          value = static_cast<double>(node.as_integer()->get());
        } else if (node.is_floating_point()) {
          value = node.as_floating_point()->get();
        } else {
          throw mismatch();
        }
        break;
      case Type::boolean:
        if (!node.is_boolean()) throw mismatch();
        value = node.as_boolean()->get();
        break;
      case Type::duration: {
        if (!node.is_string()) throw mismatch();
        // parse_setting_value words the error ("... is not a duration").
        return parse_setting_value(s, node.as_string()->get(), where);
      }
    }
    check_constraints(s, value, where);
    return value;
  }

  const std::string& path_;
  const Schema& schema_;
  std::vector<FileValue> out_;
};

}  // namespace

std::vector<FileValue> parse_toml_settings(std::string_view text, const std::string& path,
                                           const Schema& schema) {
  toml::table table;
  try {
    table = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    throw ConfigError("config file " + path + " line " + std::to_string(where.line) + " column " +
                      std::to_string(where.column) + ": " + std::string(e.description()));
  }
  Reader reader(path, schema);
  reader.walk(table, "");
  return reader.take();
}

std::vector<FileValue> read_toml_settings(const std::string& path, const Schema& schema) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw ConfigError("config file " + path + ": is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ConfigError("config file " + path + ": cannot open: " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ConfigError("config file " + path + ": read error");
  return parse_toml_settings(text.str(), path, schema);
}

}  // namespace ntpmon::config
