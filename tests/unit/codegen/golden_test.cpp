// The generated code for the fixture schema and queries equals the checked-in goldens byte for
// byte. SQLGEN_UPDATE_GOLDEN=1 rewrites the goldens instead (then review the diff).
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>
#include <sstream>

#include "sqlgen_runner.h"

namespace ntpmon::sqlgen::test {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> golden_queries() {
  std::vector<std::string> out;
  std::stringstream ss(SQLGEN_GOLDEN_QUERIES);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::set<std::string> files_in(const fs::path& dir) {
  std::set<std::string> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    auto ext = e.path().extension();
    if (ext == ".h" || ext == ".cpp") out.insert(e.path().filename().string());
  }
  return out;
}

TEST(SqlgenGolden, GeneratedCodeMatchesGoldens) {
  const fs::path source = NTPMON_SOURCE_DIR;
  const fs::path golden = source / "tests/unit/codegen/goldens";
  const fs::path out = make_temp_dir("golden");
  std::vector<std::string> args = {"--schema",    "tests/unit/codegen/fixtures/schema.sql",
                                   "--out",       out.string(),
                                   "--namespace", "ntpmon::golden",
                                   "--include-prefix", "golden"};
  auto queries = golden_queries();
  ASSERT_FALSE(queries.empty());
  args.insert(args.end(), queries.begin(), queries.end());
  RunResult r = run_sqlgen(source, args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");

  auto produced = files_in(out);
  const char* update = std::getenv("SQLGEN_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    fs::create_directories(golden);
    for (const auto& name : files_in(golden)) {
      if (!produced.count(name)) fs::remove(golden / name);
    }
    for (const auto& name : produced) write_text(golden / name, read_text(out / name));
    fs::remove_all(out);
    GTEST_SKIP() << "goldens rewritten in " << golden;
  }

  EXPECT_EQ(produced, files_in(golden)) << "generated files differ from the goldens' file list";
  for (const auto& name : produced) {
    if (!fs::exists(golden / name)) continue;
    std::string want = read_text(golden / name);
    std::string got = read_text(out / name);
    EXPECT_EQ(got, want) << name << " differs from its golden (SQLGEN_UPDATE_GOLDEN=1 regenerates the goldens)";
  }
  fs::remove_all(out);
}

// Running twice gives the same bytes (no timestamps, no unordered output).
TEST(SqlgenGolden, OutputIsDeterministic) {
  const fs::path source = NTPMON_SOURCE_DIR;
  std::vector<std::string> outputs;
  for (int i = 0; i < 2; ++i) {
    fs::path out = make_temp_dir("det");
    std::vector<std::string> args = {"--schema", "tests/unit/codegen/fixtures/schema.sql", "--out", out.string()};
    auto queries = golden_queries();
    args.insert(args.end(), queries.begin(), queries.end());
    ASSERT_EQ(run_sqlgen(source, args).exit_code, 0);
    std::string all;
    for (const auto& name : files_in(out)) all += name + "\n" + read_text(out / name);
    outputs.push_back(all);
    fs::remove_all(out);
  }
  EXPECT_EQ(outputs[0], outputs[1]);
}

TEST(SqlgenCli, NoQueryFilesStillGeneratesSchemaTypesAndCatalog) {
  const fs::path source = NTPMON_SOURCE_DIR;
  fs::path out = make_temp_dir("empty");
  RunResult r = run_sqlgen(source, {"--schema", "tests/unit/codegen/fixtures/schema.sql", "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(files_in(out), (std::set<std::string>{"query_catalog.cpp", "query_catalog.h", "schema_types.cpp",
                                                  "schema_types.h"}));
  EXPECT_NE(read_text(out / "query_catalog.cpp").find("query_catalog() noexcept { return {}; }"), std::string::npos);
  fs::remove_all(out);
}

TEST(SqlgenCli, CleanRemovesStaleGeneratedFiles) {
  const fs::path source = NTPMON_SOURCE_DIR;
  fs::path out = make_temp_dir("clean");
  write_text(out / "removed_queries.h", "// stale\n");
  write_text(out / "notes.txt", "kept\n");
  RunResult r =
      run_sqlgen(source, {"--schema", "tests/unit/codegen/fixtures/schema.sql", "--out", out.string(), "--clean"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(fs::exists(out / "removed_queries.h"));
  EXPECT_TRUE(fs::exists(out / "notes.txt"));
  fs::remove_all(out);
}

TEST(SqlgenCli, UsageErrorsExitWithTwo) {
  RunResult r = run_sqlgen(NTPMON_SOURCE_DIR, {"--out", "/tmp/x"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--schema"), std::string::npos) << r.err;
}

TEST(SqlgenCli, UnreadableInputIsAnError) {
  fs::path dir = make_temp_dir("unreadable");
  RunResult r = run_sqlgen(dir, {"--schema", "missing.sql", "--out", "out"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "missing.sql:1: cannot read the schema file\n");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ntpmon::sqlgen::test
