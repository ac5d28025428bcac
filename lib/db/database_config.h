#pragma once
// Which database a program uses: DATABASE_DSN when set, else the database.yaml file named by
// --database-config (default ./database.yaml).

#include <optional>
#include <string>

#include "config/config.h"
#include "config/schema.h"
#include "db/dsn.h"

namespace ntpmon::db {

inline constexpr const char* kDefaultDatabaseYaml = "./database.yaml";

struct DatabaseConfig {
  Dsn dsn;
  std::string origin;  // where it came from, for the startup log line
};

// `dsn`: the DATABASE_DSN value if set (`dsn_origin` names where it came from). Throws
// config::ConfigError (a DsnError for a bad DSN) with a message naming the source.
DatabaseConfig resolve_database_config(const std::optional<std::string>& dsn,
                                       const std::string& yaml_path,
                                       const std::string& dsn_origin = "environment variable DATABASE_DSN");

// Declares "database.dsn" (env DATABASE_DSN, flag --database-dsn, secret) and
// "database.config" (env DATABASE_CONFIG, flag --database-config, default ./database.yaml).
void add_database_settings(config::Schema& schema);

// resolve_database_config() from the settings declared above.
DatabaseConfig resolve_database_config(const config::Config& config);

}  // namespace ntpmon::db
