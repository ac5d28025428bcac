// SQL string literals: their value, and their re-spelling in single quotes.
#pragma once

#include <string>

#include "lexer.h"

namespace ntpmon::sqlgen {

// The value of a '...' or "..." literal (backslash escapes and doubled quotes resolved).
std::string string_literal_value(const Token& t);

// The literal as a single-quoted SQL string with the same value. The soci MySQL backend
// only knows single quotes when it looks for :name placeholders, so double-quoted strings
// are re-spelled before they reach it. Prefixed forms (X'..', _utf8mb4'..') stay verbatim.
std::string single_quoted(const Token& t);

}  // namespace ntpmon::sqlgen
