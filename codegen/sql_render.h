// The SQL text sent to the server: comments stripped, whitespace collapsed, parameters
// replaced by placeholders.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>

#include "query_file.h"

namespace ntpmon::sqlgen {

enum class Placeholders {
  Soci,      // :p1, :p2, ... (one per occurrence) for the soci MySQL backend
  Question,  // ? for mysql_stmt_prepare (the catalog)
};

// Token ranges [first, last] replaced by a text (SELECT * expanded to its columns).
using Rewrites = std::map<std::size_t, std::pair<std::size_t, std::string>>;

// Throws CodegenError for text the soci MySQL backend would misparse (a ':' or a quote in a
// quoted identifier, variable or optimizer hint).
std::string render_sql(const QueryFile& file, const QueryDecl& q, Placeholders style, const Rewrites& rewrites = {});

}  // namespace ntpmon::sqlgen
