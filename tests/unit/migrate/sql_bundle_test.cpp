#include "migrate/sql_bundle.h"

#include <gtest/gtest.h>

#include "migrate/sql_script.h"

namespace ntpmon::migrate {
namespace {

SqlFile schema(unsigned rev) { return {"schema.sql", "-- schema_revision: " + std::to_string(rev) + "\nSELECT 1;\n"}; }

std::string error_of(std::vector<SqlFile> files) {
  try {
    make_sql_bundle(std::move(files));
  } catch (const BundleError& e) {
    return e.what();
  }
  return "";
}

TEST(SqlBundle, OrdersMigrationsAndProcedures) {
  auto b = make_sql_bundle({schema(3), {"procedures/b.sql", ""}, {"migrations/0003_c.sql", ""},
                            {"migrations/0002_b.sql", ""}, {"procedures/a.sql", ""}});
  EXPECT_EQ(b.schema_revision, 3u);
  ASSERT_EQ(b.migrations.size(), 2u);
  EXPECT_EQ(b.migrations[0].revision, 2u);
  EXPECT_EQ(b.migrations[1].file.path, "migrations/0003_c.sql");
  EXPECT_EQ(b.procedures[0].path, "procedures/a.sql");
}

TEST(SqlBundle, Errors) {
  EXPECT_EQ(error_of({}), "schema.sql is missing");
  EXPECT_EQ(error_of({{"schema.sql", "SELECT 1;"}}), "schema.sql: no \"-- schema_revision: N\" line");
  EXPECT_EQ(error_of({schema(3), {"migrations/0003_c.sql", ""}}),
            "migrations/0003_c.sql: expected migration 2 (migrations run from 2 without gaps or duplicates)");
  EXPECT_EQ(error_of({schema(3), {"migrations/0002_b.sql", ""}}),
            "schema.sql: schema_revision is 3 but the last migration brings the database to 2");
  EXPECT_EQ(error_of({schema(2), {"migrations/2_b.sql", ""}}),
            "migrations/2_b.sql: a migration file must be named migrations/NNNN_name.sql");
  EXPECT_EQ(error_of({schema(1), {"other.sql", ""}}), "other.sql: not schema.sql, a migration or a procedure file");
}

// The files compiled into the program are the project's sql/ directory, consistent and parseable.
TEST(SqlBundle, EmbeddedFilesAreTheSourceTree) {
  auto embedded = embedded_sql_bundle();
  auto tree = load_sql_dir(NTPMON_SOURCE_DIR "/sql");
  EXPECT_EQ(embedded.schema_revision, tree.schema_revision);
  EXPECT_EQ(embedded.schema.text, tree.schema.text);
  ASSERT_EQ(embedded.migrations.size(), tree.migrations.size());
  ASSERT_EQ(embedded.procedures.size(), tree.procedures.size());
  for (const auto& m : embedded.migrations) EXPECT_NO_THROW(split_sql_script(m.file.text, m.file.path));
  for (const auto& p : embedded.procedures) EXPECT_NO_THROW(split_sql_script(p.text, p.path));
  EXPECT_GE(split_sql_script(embedded.schema.text, "schema.sql").size(), 15u);
}

}  // namespace
}  // namespace ntpmon::migrate
