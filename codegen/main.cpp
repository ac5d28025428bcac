// sqlgen: compiles sql/schema.sql and sql/queries/*.sql into typed C++ accessors.
//
//   sqlgen --schema sql/schema.sql --out build/gen/sql [--namespace ntpmon::sql]
//          [--include-prefix sql] [--clean] sql/queries/a.sql sql/queries/b.sql ...
//
// Errors are printed as "file:line: message" and exit with status 1; usage errors exit 2.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "diagnostics.h"
#include "generator.h"

namespace fs = std::filesystem;
using namespace ntpmon::sqlgen;

namespace {

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"sqlgen: typed C++ accessors from sql/schema.sql and sql/queries/*.sql"};
  app.set_version_flag("--version", std::string("sqlgen ") + NTPMON_VERSION);
  std::string schema_path, out_dir;
  GenOptions opt;
  bool clean = false;
  std::vector<std::string> query_paths;
  app.add_option("--schema", schema_path, "schema file (CREATE TABLE statements)")->required();
  app.add_option("--out", out_dir, "output directory")->required();
  app.add_option("--namespace", opt.ns, "C++ namespace of the generated code")->capture_default_str();
  app.add_option("--include-prefix", opt.include_prefix, "directory the generated headers are included from")
      ->capture_default_str();
  app.add_flag("--clean", clean, "remove other .h/.cpp files from the output directory");
  app.add_option("queries", query_paths, "query files");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }

  SourceText schema{schema_path, {}};
  if (!read_file(schema_path, schema.text)) {
    std::cerr << schema_path << ":1: cannot read the schema file\n";
    return 1;
  }
  std::vector<SourceText> queries;
  for (const auto& p : query_paths) {
    SourceText s{p, {}};
    if (!read_file(p, s.text)) {
      std::cerr << p << ":1: cannot read the query file\n";
      return 1;
    }
    queries.push_back(std::move(s));
  }

  std::vector<OutputFile> files;
  try {
    files = generate(schema, queries, opt);
  } catch (const CodegenError& e) {
    std::cerr << e.formatted() << "\n";
    return 1;
  }

  std::error_code ec;
  fs::create_directories(out_dir, ec);
  std::set<std::string> written;
  for (const auto& f : files) {
    fs::path path = fs::path(out_dir) / f.name;
    written.insert(f.name);
    // An unchanged file keeps its timestamp, so editing one query file recompiles only the
    // code that includes that file's header.
    if (std::string existing; read_file(path.string(), existing) && existing == f.content) continue;
    fs::path tmp = path;
    tmp += ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out << f.content;
      if (!out) {
        std::cerr << "sqlgen: cannot write " << tmp.string() << "\n";
        return 1;
      }
    }
    fs::rename(tmp, path, ec);
    if (ec) {
      std::cerr << "sqlgen: cannot write " << path.string() << ": " << ec.message() << "\n";
      return 1;
    }
  }
  if (clean) {
    for (const auto& entry : fs::directory_iterator(out_dir, ec)) {
      auto ext = entry.path().extension().string();
      if ((ext == ".h" || ext == ".cpp") && !written.count(entry.path().filename().string())) {
        fs::remove(entry.path(), ec);
      }
    }
  }
  return 0;
}
