#include "db/database_yaml.h"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ntpmon::db {

namespace {

using config::ConfigError;

std::string at_line(const std::string& path, const YAML::Mark& mark) {
  if (mark.is_null()) return "database config " + path;
  return "database config " + path + " line " + std::to_string(mark.line + 1);
}

std::string scalar(const YAML::Node& node, const std::string& key, const std::string& path) {
  if (!node.IsScalar()) {
    throw ConfigError(at_line(path, node.Mark()) + ": mysql." + key + " must be a string");
  }
  return node.as<std::string>();
}

}  // namespace

DatabaseYaml parse_database_yaml(std::string_view text, const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    throw ConfigError(at_line(path, e.mark) + ": " + e.msg);
  }
  if (!root.IsMap()) throw ConfigError("database config " + path + ": expected a mysql: section");
  YAML::Node mysql = root["mysql"];
  if (!mysql) throw ConfigError("database config " + path + ": missing the mysql: section");
  if (!mysql.IsMap()) {
    throw ConfigError(at_line(path, mysql.Mark()) + ": mysql: must hold dsn, user and pass");
  }
  DatabaseYaml out;
  bool have_dsn = false;
  for (const auto& kv : mysql) {
    std::string key = kv.first.as<std::string>();
    if (key == "dsn") {
      out.dsn = scalar(kv.second, key, path);
      have_dsn = true;
    } else if (key == "user") {
      out.user = scalar(kv.second, key, path);
    } else if (key == "pass") {
      out.pass = scalar(kv.second, key, path);
    } else {
      throw ConfigError(at_line(path, kv.first.Mark()) + ": unknown key mysql." + key +
                        " (expected dsn, user, pass)");
    }
  }
  if (!have_dsn || out.dsn.empty()) {
    throw ConfigError("database config " + path + ": missing mysql.dsn");
  }
  return out;
}

DatabaseYaml read_database_yaml(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw ConfigError("database config " + path + " not found");
  }
  if (std::filesystem::is_directory(path, ec)) {
    throw ConfigError("database config " + path + ": is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("database config " + path + ": cannot open: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_database_yaml(text.str(), path);
}

Dsn dsn_from_database_yaml(const DatabaseYaml& yaml, const std::string& path) {
  Dsn dsn;
  try {
    dsn = parse_dsn(yaml.dsn);
  } catch (const DsnError& e) {
    throw DsnError(e.problem() + " (mysql.dsn in " + path + ")", e.position());
  }
  if (dsn.user.empty() && yaml.user) dsn.user = *yaml.user;
  if (!dsn.password && yaml.pass) dsn.password = *yaml.pass;
  return dsn;
}

}  // namespace ntpmon::db
