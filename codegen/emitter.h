// C++ emission: schema_types.h/.cpp, <stem>.h/.cpp per query file, query_catalog.h/.cpp.
#pragma once

#include <string>
#include <vector>

#include "analyzer.h"
#include "query_file.h"
#include "schema.h"

namespace ntpmon::sqlgen {

struct GenOptions {
  std::string ns = "ntpmon::sql";     // namespace of the generated code
  std::string include_prefix = "sql";  // generated headers are included as "<prefix>/<name>.h"
};

struct OutputFile {
  std::string name;  // file name inside the output directory
  std::string content;
};

std::vector<OutputFile> emit_schema_types(const Schema& schema, const GenOptions& opt);
std::vector<OutputFile> emit_query_file(const QueryFile& file, const std::vector<AnalyzedQuery>& queries,
                                        const GenOptions& opt);
std::vector<OutputFile> emit_catalog(const std::vector<AnalyzedQuery>& queries, const GenOptions& opt);

// Helpers shared by the emitters.
std::string cpp_string_literal(const std::string& s);
// The literal split into adjacent literals of about `width` characters at spaces.
std::string cpp_long_string_literal(const std::string& s, const std::string& indent, std::size_t width = 96);

}  // namespace ntpmon::sqlgen
