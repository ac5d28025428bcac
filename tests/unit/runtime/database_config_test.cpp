// database.yaml and the choice between DATABASE_DSN and the file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "config/loader.h"
#include "db/database_config.h"
#include "db/database_yaml.h"

namespace ntpmon::db {
namespace {

using ::testing::HasSubstr;

std::string write_temp(const std::string& name, const std::string& text) {
  auto path = std::filesystem::path(::testing::TempDir()) /
              ("runtime_db_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path) << text;
  return path.string();
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(RuntimeDatabaseYaml, FillsUserAndPasswordIntoTheDsn) {
  auto yaml = parse_database_yaml(
      "mysql:\n"
      "  dsn: \"tcp(db.example:3306)/askntp?timeout=5s\"\n"
      "  user: ntp\n"
      "  pass: secret\n",
      "database.yaml");
  Dsn d = dsn_from_database_yaml(yaml, "database.yaml");
  EXPECT_EQ(d.user, "ntp");
  EXPECT_EQ(d.password, "secret");
  EXPECT_EQ(d.host, "db.example");
  EXPECT_EQ(d.database, "askntp");
  EXPECT_EQ(d.timeout, std::chrono::seconds(5));
}

TEST(RuntimeDatabaseYaml, DsnUserInfoWins) {
  auto yaml = parse_database_yaml(
      "other: {ignored: true}\n"
      "mysql:\n  dsn: a:b@tcp(h)/x\n  user: c\n  pass: 12345\n",
      "f.yaml");
  Dsn d = dsn_from_database_yaml(yaml, "f.yaml");
  EXPECT_EQ(d.user, "a");
  EXPECT_EQ(d.password, "b");
  // Only the missing half is filled in; a numeric YAML scalar is read as text.
  Dsn half = dsn_from_database_yaml(parse_database_yaml("mysql:\n  dsn: a@tcp(h)/x\n  pass: 12345\n", "f"), "f");
  EXPECT_EQ(half.user, "a");
  EXPECT_EQ(half.password, "12345");
}

TEST(RuntimeDatabaseYaml, Errors) {
  EXPECT_EQ(error_of([] { parse_database_yaml("mysql:\n  dsn: [unclosed\n", "db.yaml"); }).substr(0, 24),
            "database config db.yaml ");
  EXPECT_THAT(error_of([] { parse_database_yaml("mysql:\n  dsn: [unclosed\n", "db.yaml"); }),
              HasSubstr("line "));
  EXPECT_EQ(error_of([] { parse_database_yaml("postgres: {}\n", "db.yaml"); }),
            "database config db.yaml: missing the mysql: section");
  EXPECT_EQ(error_of([] { parse_database_yaml("mysql:\n  user: x\n", "db.yaml"); }),
            "database config db.yaml: missing mysql.dsn");
  EXPECT_EQ(error_of([] { parse_database_yaml("mysql:\n  dsn: /x\n  passwd: y\n", "db.yaml"); }),
            "database config db.yaml line 3: unknown key mysql.passwd (expected dsn, user, pass)");
  EXPECT_EQ(error_of([] { parse_database_yaml("mysql:\n  dsn: [a, b]\n", "db.yaml"); }),
            "database config db.yaml line 2: mysql.dsn must be a string");
  EXPECT_EQ(error_of([] {
              dsn_from_database_yaml(parse_database_yaml("mysql:\n  dsn: tcp(h)/x?bogus=1\n", "db.yaml"),
                                     "db.yaml");
            }),
            "invalid DSN at position 9: unknown parameter \"bogus\" (mysql.dsn in db.yaml)");
}

TEST(RuntimeDatabaseConfig, EnvironmentDsnBeatsTheFile) {
  std::string yaml = write_temp("env.yaml", "mysql:\n  dsn: tcp(fromfile)/x\n");
  auto c = resolve_database_config(std::string("u:p@tcp(fromenv:3307)/y"), yaml);
  EXPECT_EQ(c.dsn.host, "fromenv");
  EXPECT_EQ(c.origin, "environment variable DATABASE_DSN");
  auto f = resolve_database_config(std::nullopt, yaml);
  EXPECT_EQ(f.dsn.host, "fromfile");
  EXPECT_EQ(f.origin, "database config " + yaml);
  std::filesystem::remove(yaml);
}

TEST(RuntimeDatabaseConfig, ClearErrors) {
  std::string missing = ::testing::TempDir() + "/runtime_no_such_database.yaml";
  EXPECT_EQ(error_of([&] { resolve_database_config(std::nullopt, missing); }),
            "no database configured: DATABASE_DSN is not set and database config " + missing +
                " not found");
  EXPECT_EQ(error_of([&] { resolve_database_config(std::string("u:p@tcp(h)"), missing); }),
            "invalid DSN at position 10: missing the '/' before the database name (environment "
            "variable DATABASE_DSN)");
}

TEST(RuntimeDatabaseConfig, FromDeclaredSettings) {
  config::Schema schema;
  add_database_settings(schema);
  config::Loader loader(schema);
  std::string yaml = write_temp("settings.yaml", "mysql:\n  dsn: tcp(viayaml)/x\n  user: u\n");
  auto from_env = resolve_database_config(loader.load_without_flags(
      std::nullopt, config::map_environment({{"DATABASE_DSN", "a:b@tcp(viaenv)/z"}})));
  EXPECT_EQ(from_env.dsn.host, "viaenv");
  auto from_file = resolve_database_config(
      loader.load_without_flags(std::nullopt, config::map_environment({{"DATABASE_CONFIG", yaml}})));
  EXPECT_EQ(from_file.dsn.host, "viayaml");
  EXPECT_EQ(from_file.dsn.user, "u");
  std::filesystem::remove(yaml);
}

}  // namespace
}  // namespace ntpmon::db
