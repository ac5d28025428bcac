// monitor-admin's migration against the real database: an empty database, an existing NTP Pool
// database at revision 1, procedure installation, and the failure paths.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "migrate/migrator.h"
#include "migrate/sql_bundle.h"
#include "schema_columns.h"
#include "sql/admin.h"
#include "test_database.h"

namespace ntpmon::migrate {
namespace {

namespace fs = std::filesystem;
using test::TestDatabase;

const std::string kFixtures = NTPMON_SOURCE_DIR "/tests/integration/fixtures";

// A copy of sql/ in a temporary directory that a test may add files to.
class SqlDirCopy {
 public:
  SqlDirCopy() : dir_(fs::temp_directory_path() / ("sqldir-" + std::to_string(::getpid()) + "-" + std::to_string(n_++))) {
    fs::remove_all(dir_);
    fs::copy(NTPMON_SOURCE_DIR "/sql", dir_, fs::copy_options::recursive);
  }
  ~SqlDirCopy() { fs::remove_all(dir_); }
  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((dir_ / rel).parent_path());
    std::ofstream(dir_ / rel) << text;
  }
  void set_schema_revision(unsigned rev) {
    std::ifstream in(dir_ / "schema.sql");
    std::stringstream s;
    s << in.rdbuf();
    std::string text = s.str();
    auto at = text.find("-- schema_revision: ");
    auto eol = text.find('\n', at);
    text.replace(at, eol - at, "-- schema_revision: " + std::to_string(rev));
    std::ofstream(dir_ / "schema.sql") << text;
  }
  SqlBundle bundle() const { return load_sql_dir(dir_); }

 private:
  static inline unsigned n_ = 0;
  fs::path dir_;
};

std::vector<std::string> routines(soci::session& db, const std::string& schema) {
  std::vector<std::string> names;
  soci::rowset<std::string> rs = (db.prepare << "SELECT ROUTINE_NAME FROM information_schema.ROUTINES "
                                                "WHERE ROUTINE_SCHEMA = :s ORDER BY ROUTINE_NAME",
                                  soci::use(schema));
  for (const auto& n : rs) names.push_back(n);
  return names;
}

TEST(Migrate, EmptyDatabaseThenNothingToDo) {
  TestDatabase db("migrate_empty", TestDatabase::Schema::empty);
  auto bundle = embedded_sql_bundle();
  auto first = migrate(db.session(), bundle, {});
  EXPECT_TRUE(first.created_from_schema);
  EXPECT_FALSE(first.revision_before.has_value());
  EXPECT_EQ(first.revision_after, bundle.schema_revision);
  EXPECT_TRUE(first.changed());
  auto rev = sql::GetSchemaRevision(db.session(), std::string(kSchemaName));
  ASSERT_TRUE(rev);
  EXPECT_EQ(rev->revision, bundle.schema_revision);

  auto before = test::read_schema_columns(db.session(), db.name());
  auto second = migrate(db.session(), bundle, {});
  EXPECT_FALSE(second.changed());
  EXPECT_EQ(second.revision_before, bundle.schema_revision);
  EXPECT_TRUE(second.migrations_applied.empty());
  EXPECT_EQ(second.procedures_unchanged, bundle.procedures.size());
  EXPECT_EQ(test::read_schema_columns(db.session(), db.name()), before);
}

// The NTP Pool tables have the production database's names, types, nullability and defaults.
TEST(Migrate, ColumnsMatchTheNtpPoolReference) {
  TestDatabase db("migrate_reference");
  auto actual = test::read_schema_columns(db.session(), db.name());
  auto reference = test::read_reference_columns(kFixtures + "/ntppool_columns.tsv");
  ASSERT_GT(reference.size(), 100u);
  std::set<std::string> reference_tables;
  for (const auto& [key, facts] : reference) {
    reference_tables.insert(key.first);
    auto it = actual.find(key);
    if (it == actual.end()) {
      ADD_FAILURE() << key.first << "." << key.second << " is missing";
      continue;
    }
    EXPECT_EQ(it->second.type, facts.type) << key.first << "." << key.second;
    EXPECT_EQ(it->second.nullable, facts.nullable) << key.first << "." << key.second;
    EXPECT_EQ(it->second.default_extra, facts.default_extra) << key.first << "." << key.second;
  }
  // No column was added to an NTP Pool table (new tables are fine, changed ones are not).
  for (const auto& [key, facts] : actual) {
    if (reference_tables.count(key.first)) {
      EXPECT_TRUE(reference.count(key)) << key.first << "." << key.second << " is not in the NTP Pool schema";
    }
  }
}

// An existing NTP Pool database (revision 1, with data) is adopted and migrated; the result
// has the same columns as a database created from schema.sql, and no data is lost.
TEST(Migrate, ExistingNtpPoolDatabaseIsMigratedForward) {
  TestDatabase fresh("migrate_fresh");
  TestDatabase prod("migrate_prod", TestDatabase::Schema::empty);
  prod.run_script_file(kFixtures + "/ntppool_revision1.sql");
  auto bundle = embedded_sql_bundle();

  auto report = migrate(prod.session(), bundle, {});
  EXPECT_TRUE(report.adopted_baseline);
  EXPECT_FALSE(report.created_from_schema);
  EXPECT_EQ(report.revision_after, bundle.schema_revision);
  EXPECT_EQ(report.migrations_applied.size(), bundle.schema_revision - kBaselineRevision);

  auto prod_columns = test::read_schema_columns(prod.session(), prod.name());
  prod_columns.erase(prod_columns.lower_bound({"users", ""}), prod_columns.upper_bound({"users", "~"}));
  EXPECT_EQ(prod_columns, test::read_schema_columns(fresh.session(), fresh.name()));

  // The other schema's revision row and the data are untouched.
  auto other = sql::GetSchemaRevision(prod.session(), "ntppool");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->revision, 132);
  int servers = 0;
  prod.session() << "SELECT COUNT(*) FROM servers", soci::into(servers);
  EXPECT_EQ(servers, 1);
  EXPECT_FALSE(migrate(prod.session(), bundle, {}).changed());
}

TEST(Migrate, ProceduresInstalledOnceAndAgainWhenChanged) {
  TestDatabase db("migrate_procs");
  SqlDirCopy dir;
  dir.write("procedures/test_double.sql",
            "-- A test function.\nDROP FUNCTION IF EXISTS test_double;\nDELIMITER //\n"
            "CREATE FUNCTION test_double(x INT) RETURNS INT DETERMINISTIC\nBEGIN\n  DECLARE y INT;\n"
            "  SET y = x * 2;\n  RETURN y;\nEND//\nDELIMITER ;\n");
  auto first = migrate(db.session(), dir.bundle(), {});
  EXPECT_EQ(first.procedures_installed, std::vector<std::string>{"procedures/test_double.sql"});
  int v = 0;
  db.session() << "SELECT test_double(21)", soci::into(v);
  EXPECT_EQ(v, 42);

  auto second = migrate(db.session(), dir.bundle(), {});
  EXPECT_FALSE(second.changed());
  EXPECT_EQ(second.procedures_unchanged, dir.bundle().procedures.size());

  dir.write("procedures/test_double.sql",
            "DROP FUNCTION IF EXISTS test_double;\nDELIMITER //\n"
            "CREATE FUNCTION test_double(x INT) RETURNS INT DETERMINISTIC\nBEGIN\n  RETURN x + x + 1;\nEND//\n");
  auto third = migrate(db.session(), dir.bundle(), {});
  EXPECT_EQ(third.procedures_installed, std::vector<std::string>{"procedures/test_double.sql"});
  db.session() << "SELECT test_double(21)", soci::into(v);
  EXPECT_EQ(v, 43);
  auto names = routines(db.session(), db.name());
  EXPECT_EQ(std::count(names.begin(), names.end(), "test_double"), 1);

  MigrateOptions force;
  force.reinstall_procedures = true;
  EXPECT_EQ(migrate(db.session(), dir.bundle(), force).procedures_installed.size(), dir.bundle().procedures.size());
}

TEST(Migrate, NewMigrationIsAppliedAndRecorded) {
  TestDatabase db("migrate_new");
  SqlDirCopy dir;
  auto rev = dir.bundle().schema_revision + 1;
  char name[64];
  std::snprintf(name, sizeof name, "migrations/%04u_add_notes.sql", rev);
  dir.write(name, "CREATE TABLE test_notes (id int unsigned NOT NULL, note text, PRIMARY KEY (id));\n"
                  "INSERT INTO test_notes VALUES (1, 'a;b');\n");
  dir.set_schema_revision(rev);
  auto report = migrate(db.session(), dir.bundle(), {});
  EXPECT_EQ(report.migrations_applied, std::vector<std::string>{name});
  EXPECT_EQ(report.revision_after, rev);
  std::string note;
  db.session() << "SELECT note FROM test_notes WHERE id = 1", soci::into(note);
  EXPECT_EQ(note, "a;b");
  auto status = schema_status(db.session(), dir.bundle());
  EXPECT_EQ(status.revision, rev);
  EXPECT_TRUE(status.pending_migrations.empty());
}

TEST(Migrate, FailingMigrationNamesFileAndLineAndKeepsRevision) {
  TestDatabase db("migrate_fail");
  SqlDirCopy dir;
  auto rev = dir.bundle().schema_revision + 1;
  char name[64];
  std::snprintf(name, sizeof name, "migrations/%04u_broken.sql", rev);
  dir.write(name, "CREATE TABLE test_ok (id int);\n\nALTER TABLE no_such_table ADD COLUMN x int;\n");
  dir.set_schema_revision(rev);
  try {
    migrate(db.session(), dir.bundle(), {});
    FAIL() << "expected MigrationError";
  } catch (const MigrationError& e) {
    EXPECT_NE(std::string(e.what()).find(std::string(name) + ":3: "), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("no_such_table"), std::string::npos) << e.what();
  }
  auto status = schema_status(db.session(), dir.bundle());
  EXPECT_EQ(status.revision, rev - 1);
  EXPECT_EQ(status.pending_migrations, std::vector<std::string>{name});
}

TEST(Migrate, NewerDatabaseIsRefused) {
  TestDatabase db("migrate_newer");
  sql::SetSchemaRevision(db.session(), std::string(kSchemaName), 999);
  EXPECT_THROW(migrate(db.session(), embedded_sql_bundle(), {}), MigrationError);
}

TEST(Migrate, ConcurrentMigrationWaitsForTheLock) {
  TestDatabase db("migrate_lock");
  auto other = db.connect();
  sql::AcquireMigrationLock(*other, 1);
  MigrateOptions opts;
  opts.lock_timeout = std::chrono::seconds(1);
  EXPECT_THROW(migrate(db.session(), embedded_sql_bundle(), opts), MigrationError);
  sql::ReleaseMigrationLock(*other);
  EXPECT_NO_THROW(migrate(db.session(), embedded_sql_bundle(), opts));
}

}  // namespace
}  // namespace ntpmon::migrate
