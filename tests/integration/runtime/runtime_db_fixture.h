#pragma once
// A database of its own for the runtime integration tests, with two small tables, and
// helpers to talk to the server from a second connection.

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <memory>
#include <string>

#include "db/dsn.h"
#include "test_database.h"

namespace ntpmon::db::testing {

class RuntimeDb : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();

  static test::TestDatabase& database() { return *database_; }
  static const Dsn& dsn() { return database_->dsn(); }

  // A second connection, not from the code under test.
  static std::unique_ptr<soci::session> other_connection() { return database_->connect(); }

  static long long connection_id(soci::session& s);
  // KILLs a connection from another session and waits until the server has dropped it.
  static void kill_connection(long long id);
  static std::string session_time_zone(soci::session& s);
  // How many SET statements this session has run (MariaDB's Com_set_option).
  static long long set_statements_run(soci::session& s);

 private:
  static std::unique_ptr<test::TestDatabase> database_;
};

}  // namespace ntpmon::db::testing
