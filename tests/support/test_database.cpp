// Test-only: the CREATE/DROP DATABASE statements below are test scaffolding, not rules.
#include "test_database.h"

#include <soci/soci.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "db/connect.h"
#include "db/raw.h"
#include "migrate/migrator.h"
#include "migrate/sql_bundle.h"
#include "migrate/sql_script.h"

namespace ntpmon::test {
namespace {

std::string sanitize(std::string_view label) {
  std::string out;
  for (char c : label) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out.substr(0, 40);
}

std::string unique_name(std::string_view label) {
  static std::atomic<unsigned> counter{0};
  return "t_" + sanitize(label) + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
}

std::string backquoted(const std::string& name) { return "`" + name + "`"; }

}  // namespace

db::Dsn test_server_dsn() {
  const char* env = std::getenv("TEST_DATABASE_DSN");
  return db::parse_dsn(env && *env ? env : "monitor:test123@tcp(127.0.0.1:3308)/monitor_test");
}

TestDatabase::TestDatabase(std::string_view label, Schema schema) : dsn_(test_server_dsn()) {
  auto server = db::open_session(dsn_);
  dsn_.database = unique_name(label);
  db::execute_raw(*server, "CREATE DATABASE " + backquoted(dsn_.database) +
                               " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
  if (schema == Schema::migrated) {
    migrate::migrate(session(), migrate::embedded_sql_bundle(), migrate::MigrateOptions{});
  }
}

TestDatabase::~TestDatabase() {
  try {
    session_.reset();
    auto server = db::open_session(test_server_dsn());
    db::execute_raw(*server, "DROP DATABASE IF EXISTS " + backquoted(dsn_.database));
  } catch (...) {
    // A database left behind is harmless; `scripts/test-db.sh reset` clears the server.
  }
}

std::string TestDatabase::dsn_text() const {
  return dsn_.user + ":" + password() + "@tcp(" + dsn_.host + ":" + std::to_string(dsn_.port) + ")/" +
         dsn_.database;
}

soci::session& TestDatabase::session() {
  if (!session_) session_ = connect();
  return *session_;
}

std::unique_ptr<soci::session> TestDatabase::connect() const { return db::open_session(dsn_); }

void TestDatabase::run_script(std::string_view sql, std::string_view file) {
  for (const auto& st : migrate::split_sql_script(sql, file)) db::execute_raw(session(), st.text);
}

void TestDatabase::run_script_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read");
  std::ostringstream text;
  text << in.rdbuf();
  run_script(text.str(), path);
}

}  // namespace ntpmon::test
