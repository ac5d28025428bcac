#pragma once
// The original's database.yaml:
//
//   mysql:
//     dsn: "tcp(db.example:3306)/askntp?timeout=5s"
//     user: monitor
//     pass: secret
//
// dsn may omit the user info; user and pass then fill it in (each only where the DSN lacks
// it). Other top-level sections are ignored; an unknown key under mysql is an error.

#include <optional>
#include <string>
#include <string_view>

#include "db/dsn.h"

namespace ntpmon::db {

struct DatabaseYaml {
  std::string dsn;
  std::optional<std::string> user;
  std::optional<std::string> pass;
};

// Throws config::ConfigError naming the file (and line where known).
DatabaseYaml parse_database_yaml(std::string_view text, const std::string& path);
DatabaseYaml read_database_yaml(const std::string& path);

// Parses yaml.dsn and fills in the user and password. DSN errors name the file.
Dsn dsn_from_database_yaml(const DatabaseYaml& yaml, const std::string& path);

}  // namespace ntpmon::db
