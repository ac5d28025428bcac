// Tokenizer for MySQL/MariaDB SQL as written in sql/schema.sql and sql/queries/*.sql.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ntpmon::sqlgen {

enum class TokKind {
  Ident,        // unquoted word (keyword or identifier)
  QuotedIdent,  // `name`; text is the name without backquotes
  String,       // '...' or "..." (also X'..', N'..', _charset'..'); text is the source text
  Number,       // 12, 1.5e3, 0x1F
  Param,        // :name; text is the name
  Positional,   // ?
  Variable,     // @x, @@x
  Op,           // punctuation and operators: ( ) , ; . = <=> <> != <= >= < > + - * / % ...
};

struct Token {
  TokKind kind = TokKind::Op;
  std::string text;
  std::size_t begin = 0;  // byte offsets in the file
  std::size_t end = 0;
  int line = 1;
  bool space_before = false;  // whitespace or a comment separates it from the previous token
  char quote = 0;             // String: '\'' or '"' (0 for prefixed forms kept verbatim)
};

enum class CommentKind {
  Line,        // -- text  or  # text
  Block,       // /* text */
  Annotation,  // /*: type */
  Hint,        // /*! ... */ or /*+ ... */ (kept in generated SQL)
};

struct Comment {
  CommentKind kind = CommentKind::Line;
  std::string text;  // without the markers (Annotation: after "/*:"; Line: after "--"/"#")
  std::size_t begin = 0;
  std::size_t end = 0;
  int line = 1;
  std::size_t tokens_before = 0;  // number of tokens that precede it
};

struct LexResult {
  std::vector<Token> tokens;
  std::vector<Comment> comments;
};

// Throws CodegenError on an unterminated string, identifier or comment.
LexResult lex(std::string_view text, const std::string& file);

bool iequals(std::string_view a, std::string_view b);
std::string to_upper(std::string_view s);
std::string to_lower(std::string_view s);

}  // namespace ntpmon::sqlgen
