// A query file: `-- name: Name :kind` headers, each followed by one statement ending in ';'.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "lexer.h"

namespace ntpmon::sqlgen {

enum class QueryKind { One, Many, Exec, ExecRows, ExecLastId };

std::string_view kind_name(QueryKind kind);  // ":one", ...

struct QueryDecl {
  std::string name;
  QueryKind kind = QueryKind::Exec;
  int line = 0;                  // of the header
  std::vector<std::string> doc;  // comment lines directly above (and right below) the header
  std::size_t tok_begin = 0;     // statement tokens [tok_begin, tok_end), ';' excluded
  std::size_t tok_end = 0;
};

struct QueryFile {
  std::string path;  // as given on the command line; used in messages and the catalog
  std::string stem;  // file name without directory and .sql
  std::string text;
  LexResult lex;
  std::vector<QueryDecl> queries;
};

// Throws CodegenError for malformed headers, a header without a statement, a statement
// without ';', SQL outside a query.
QueryFile parse_query_file(std::string text, const std::string& path);

}  // namespace ntpmon::sqlgen
