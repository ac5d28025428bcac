// Semantic analysis of one query: resolves every table and column reference against the
// schema (and CTEs / derived tables), types the result columns, infers parameter types.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "query_file.h"
#include "schema.h"
#include "sql_types.h"

namespace ntpmon::sqlgen {

struct ResultColumn {
  std::string name;  // as in SQL
  std::string field;  // C++ field name
  SqlType type;
};

struct QueryParam {
  std::string name;    // as in SQL (without ':')
  std::string cpp_name;
  SqlType type;        // nullable: the argument is std::optional
};

struct AnalyzedQuery {
  const QueryFile* file = nullptr;
  const QueryDecl* decl = nullptr;
  std::vector<ResultColumn> columns;      // :one / :many only
  std::vector<QueryParam> params;         // distinct, by first appearance
  std::vector<std::size_t> placeholders;  // for each parameter occurrence in text order: index into params
  std::string soci_sql;                   // parameters as :p1, :p2, ...
  std::string catalog_sql;                // parameters as ?
};

// Throws CodegenError with the file and line of the offending token.
AnalyzedQuery analyze_query(const QueryFile& file, const QueryDecl& decl, const Schema& schema);

}  // namespace ntpmon::sqlgen
