#include "migrate/sql_bundle.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <regex>
#include <sstream>

namespace ntpmon::migrate {
namespace {

unsigned parse_schema_revision(const SqlFile& schema) {
  static const std::regex header(R"(^--\s*schema_revision:\s*(\d+)\s*$)");
  std::istringstream lines(schema.text);
  std::string line;
  std::smatch m;
  while (std::getline(lines, line)) {
    if (std::regex_match(line, m, header)) return static_cast<unsigned>(std::stoul(m[1].str()));
  }
  throw BundleError(schema.path + ": no \"-- schema_revision: N\" line");
}

// "migrations/0002_name.sql" -> 2
unsigned parse_migration_revision(const std::string& path) {
  static const std::regex name(R"(^migrations/(\d{4})_[A-Za-z0-9_]+\.sql$)");
  std::smatch m;
  if (!std::regex_match(path, m, name)) {
    throw BundleError(path + ": a migration file must be named migrations/NNNN_name.sql");
  }
  return static_cast<unsigned>(std::stoul(m[1].str()));
}

}  // namespace

SqlBundle make_sql_bundle(std::vector<SqlFile> files) {
  SqlBundle bundle;
  bool have_schema = false;
  for (auto& f : files) {
    if (f.path == "schema.sql") {
      bundle.schema = std::move(f);
      have_schema = true;
    } else if (f.path.starts_with("migrations/")) {
      unsigned rev = parse_migration_revision(f.path);
      bundle.migrations.push_back(Migration{rev, std::move(f)});
    } else if (f.path.starts_with("procedures/")) {
      bundle.procedures.push_back(std::move(f));
    } else {
      throw BundleError(f.path + ": not schema.sql, a migration or a procedure file");
    }
  }
  if (!have_schema) throw BundleError("schema.sql is missing");
  bundle.schema_revision = parse_schema_revision(bundle.schema);
  if (bundle.schema_revision < kBaselineRevision) {
    throw BundleError("schema.sql: schema_revision must be at least 1");
  }
  std::sort(bundle.migrations.begin(), bundle.migrations.end(),
            [](const Migration& a, const Migration& b) { return a.revision < b.revision; });
  unsigned expected = kBaselineRevision + 1;
  for (const auto& m : bundle.migrations) {
    if (m.revision != expected) {
      throw BundleError(m.file.path + ": expected migration " + std::to_string(expected) +
                        " (migrations run from 2 without gaps or duplicates)");
    }
    ++expected;
  }
  if (expected - 1 != bundle.schema_revision) {
    throw BundleError("schema.sql: schema_revision is " + std::to_string(bundle.schema_revision) +
                      " but the last migration brings the database to " + std::to_string(expected - 1));
  }
  std::sort(bundle.procedures.begin(), bundle.procedures.end(),
            [](const SqlFile& a, const SqlFile& b) { return a.path < b.path; });
  return bundle;
}

SqlBundle embedded_sql_bundle() {
  auto files = embedded_sql_files();
  return make_sql_bundle(std::vector<SqlFile>(files.begin(), files.end()));
}

SqlBundle load_sql_dir(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(dir)) throw BundleError(dir.string() + ": not a directory");
  std::vector<SqlFile> files;
  auto read = [&](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw BundleError(p.string() + ": cannot read");
    std::ostringstream text;
    text << in.rdbuf();
    files.push_back(SqlFile{fs::relative(p, dir).generic_string(), text.str()});
  };
  read(dir / "schema.sql");
  for (const char* sub : {"migrations", "procedures"}) {
    if (!fs::is_directory(dir / sub)) continue;
    for (const auto& entry : fs::directory_iterator(dir / sub)) {
      if (entry.is_regular_file() && entry.path().extension() == ".sql") read(entry.path());
    }
  }
  return make_sql_bundle(std::move(files));
}

}  // namespace ntpmon::migrate
