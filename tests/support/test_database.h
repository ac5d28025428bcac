#pragma once
// A database of its own for one integration test binary, on the server named by
// TEST_DATABASE_DSN (default: the one scripts/test-db.sh starts). It is created with a unique
// name, brought to the current schema by the same migration code monitor-admin runs (unless
// told not to), and dropped when the object goes away.
//
//   ntpmon::test::TestDatabase db{"scorer"};
//   auto& s = db.session();

#include <memory>
#include <string>
#include <string_view>

#include "db/dsn.h"

namespace soci {
class session;
}

namespace ntpmon::test {

class TestDatabase {
 public:
  enum class Schema { migrated, empty };

  explicit TestDatabase(std::string_view label, Schema schema = Schema::migrated);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& name() const { return dsn_.database; }
  const db::Dsn& dsn() const { return dsn_; }
  // Go-style DSN text for DATABASE_DSN when a test runs one of the programs.
  std::string dsn_text() const;
  const std::string& host() const { return dsn_.host; }
  unsigned port() const { return dsn_.port; }
  const std::string& user() const { return dsn_.user; }
  std::string password() const { return dsn_.password.value_or(""); }

  // A connection to this database, opened on first use.
  soci::session& session();
  // A new, separate connection (for tests with two clients).
  std::unique_ptr<soci::session> connect() const;

  // Runs a script of statements (test fixtures) through the migration tool's splitter.
  void run_script(std::string_view sql, std::string_view file = "fixture.sql");
  void run_script_file(const std::string& path);

 private:
  db::Dsn dsn_;
  std::unique_ptr<soci::session> session_;
};

// The server DSN the tests use (TEST_DATABASE_DSN or the default).
db::Dsn test_server_dsn();

}  // namespace ntpmon::test
