// Parser for the statements of query files (SELECT with joins, derived tables, CTEs and
// UNION; INSERT, REPLACE, UPDATE, DELETE, CALL). Anything else is kept as an opaque
// statement whose parameters must all carry annotations.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "ast.h"
#include "lexer.h"

namespace ntpmon::sqlgen {

// Parses tokens[begin, end). Throws CodegenError ("syntax error ...") with the line of the
// token where parsing failed.
Statement parse_statement(const std::vector<Token>& tokens, std::size_t begin, std::size_t end,
                          const std::string& file);

// MySQL reserved words that can not be an unquoted alias.
bool is_reserved_word(const std::string& word);

}  // namespace ntpmon::sqlgen
