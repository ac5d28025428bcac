#include "db/database_config.h"

#include <filesystem>

#include "db/database_yaml.h"

namespace ntpmon::db {

DatabaseConfig resolve_database_config(const std::optional<std::string>& dsn,
                                       const std::string& yaml_path,
                                       const std::string& dsn_origin) {
  if (dsn && !dsn->empty()) {
    try {
      return {parse_dsn(*dsn), dsn_origin};
    } catch (const DsnError& e) {
      throw DsnError(e.problem() + " (" + dsn_origin + ")", e.position());
    }
  }
  std::error_code ec;
  if (!std::filesystem::exists(yaml_path, ec)) {
    throw config::ConfigError("no database configured: DATABASE_DSN is not set and database config " +
                              yaml_path + " not found");
  }
  DatabaseYaml yaml = read_database_yaml(yaml_path);
  return {dsn_from_database_yaml(yaml, yaml_path), "database config " + yaml_path};
}

void add_database_settings(config::Schema& schema) {
  schema.add(config::Setting::string("database.dsn")
                 .env("DATABASE_DSN")
                 .help("MySQL DSN user:pass@tcp(host:port)/db?params; overrides --database-config")
                 .secret());
  schema.add(config::Setting::string("database.config", std::string(kDefaultDatabaseYaml))
                 .env("DATABASE_CONFIG")
                 .help("database.yaml with mysql: {dsn, user, pass}"));
}

DatabaseConfig resolve_database_config(const config::Config& config) {
  return resolve_database_config(config.optional_string("database.dsn"),
                                 config.string("database.config"),
                                 config::describe(config.origin("database.dsn")));
}

}  // namespace ntpmon::db
