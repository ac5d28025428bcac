#include "generator.h"

#include <map>

#include "analyzer.h"
#include "diagnostics.h"
#include "names.h"
#include "query_file.h"
#include "schema.h"

namespace ntpmon::sqlgen {

std::vector<OutputFile> generate(const SourceText& schema_src, const std::vector<SourceText>& query_files,
                                 const GenOptions& opt) {
  Schema schema = parse_schema(schema_src.text, schema_src.path);
  std::vector<QueryFile> files;
  files.reserve(query_files.size());
  std::map<std::string, std::string> stems;
  for (const auto& src : query_files) {
    files.push_back(parse_query_file(src.text, src.path));
    const QueryFile& f = files.back();
    if (!is_identifier(f.stem) || f.stem == "schema_types" || f.stem == "query_catalog") {
      throw CodegenError(f.path, 1, "query file name '" + f.stem + ".sql' can not name a generated header (use "
                                    "letters, digits and '_'; not schema_types or query_catalog)");
    }
    auto [it, inserted] = stems.emplace(f.stem, f.path);
    if (!inserted) throw CodegenError(f.path, 1, "query file name clashes with " + it->second);
  }
  std::map<std::string, std::pair<std::string, int>> names;
  for (const auto& f : files) {
    for (const auto& q : f.queries) {
      auto [it, inserted] = names.emplace(q.name, std::make_pair(f.path, q.line));
      if (!inserted) {
        throw CodegenError(f.path, q.line, "duplicate query name '" + q.name + "' (first defined at " +
                                               it->second.first + ":" + std::to_string(it->second.second) + ")");
      }
    }
  }
  std::vector<AnalyzedQuery> all;
  std::vector<OutputFile> out = emit_schema_types(schema, opt);
  for (const auto& f : files) {
    std::vector<AnalyzedQuery> mine;
    for (const auto& q : f.queries) mine.push_back(analyze_query(f, q, schema));
    for (auto& o : emit_query_file(f, mine, opt)) out.push_back(std::move(o));
    all.insert(all.end(), mine.begin(), mine.end());
  }
  for (auto& o : emit_catalog(all, opt)) out.push_back(std::move(o));
  return out;
}

}  // namespace ntpmon::sqlgen
