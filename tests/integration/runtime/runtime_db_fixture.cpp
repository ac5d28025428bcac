// Test scaffolding: the SQL below sets up and inspects the test server, it is not a rule.
#include "runtime_db_fixture.h"

#include <chrono>
#include <thread>

#include "db/raw.h"

namespace ntpmon::db::testing {

std::unique_ptr<test::TestDatabase> RuntimeDb::database_;

void RuntimeDb::SetUpTestSuite() {
  database_ = std::make_unique<test::TestDatabase>("runtime", test::TestDatabase::Schema::empty);
  database_->run_script(
      "CREATE TABLE rt_counter (id INT PRIMARY KEY, n INT NOT NULL) ENGINE=InnoDB;\n"
      "INSERT INTO rt_counter VALUES (1, 0), (2, 0);\n"
      "CREATE TABLE rt_ballast (id INT AUTO_INCREMENT PRIMARY KEY, pad VARCHAR(64)) ENGINE=InnoDB;\n",
      "runtime_fixture.sql");
}

void RuntimeDb::TearDownTestSuite() { database_.reset(); }

long long RuntimeDb::connection_id(soci::session& s) {
  long long id = 0;
  s << "SELECT CONNECTION_ID()", soci::into(id);
  return id;
}

void RuntimeDb::kill_connection(long long id) {
  auto admin = other_connection();
  execute_raw(*admin, "KILL " + std::to_string(id));
  // The server drops the killed thread asynchronously: wait (bounded) until it is gone.
  for (int i = 0; i < 500; ++i) {
    long long n = 0;
    *admin << "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = :id", soci::use(id),
        soci::into(n);
    if (n == 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FAIL() << "connection " << id << " still listed 5 s after KILL";
}

std::string RuntimeDb::session_time_zone(soci::session& s) {
  std::string tz;
  s << "SELECT @@session.time_zone", soci::into(tz);
  return tz;
}

long long RuntimeDb::set_statements_run(soci::session& s) {
  std::string name;
  std::string value;
  s << "SHOW SESSION STATUS LIKE 'Com_set_option'", soci::into(name), soci::into(value);
  return std::stoll(value);
}

}  // namespace ntpmon::db::testing
