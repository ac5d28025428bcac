#include "query_file.h"

#include <sstream>

#include "diagnostics.h"
#include "names.h"

namespace ntpmon::sqlgen {

std::string_view kind_name(QueryKind kind) {
  switch (kind) {
    case QueryKind::One: return ":one";
    case QueryKind::Many: return ":many";
    case QueryKind::Exec: return ":exec";
    case QueryKind::ExecRows: return ":execrows";
    case QueryKind::ExecLastId: return ":execlastid";
  }
  return "?";
}

namespace {

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  return std::string(s.substr(b, e - b));
}

bool is_header(const Comment& c) {
  return c.kind == CommentKind::Line && trim(c.text).rfind("name:", 0) == 0;
}

// True when only blanks precede the comment on its line.
bool starts_line(const std::string& text, const Comment& c) {
  for (std::size_t i = c.begin; i > 0; --i) {
    char ch = text[i - 1];
    if (ch == '\n') return true;
    if (ch != ' ' && ch != '\t') return false;
  }
  return true;
}

std::string doc_line(const std::string& text) {
  if (!text.empty() && text[0] == ' ') return trim(text.substr(1)).empty() ? "" : text.substr(1);
  return text;
}

QueryDecl parse_header(const Comment& c, const std::string& path) {
  auto fail = [&](const std::string& msg) { throw CodegenError(path, c.line, "malformed query header: " + msg); };
  std::string rest = trim(c.text).substr(5);
  std::istringstream in(rest);
  std::string name, kind, extra;
  in >> name >> kind >> extra;
  const char* kinds = "one of :one, :many, :exec, :execrows, :execlastid";
  if (name.empty()) fail("missing query name (expected '-- name: Name :kind')");
  if (name[0] == ':') fail("missing query name before " + name);
  if (!is_identifier(name)) fail("query name '" + name + "' is not a valid identifier");
  if (kind.empty()) fail("missing query kind after " + name + " (" + kinds + ")");
  QueryDecl q;
  q.name = name;
  q.line = c.line;
  if (kind == ":one") {
    q.kind = QueryKind::One;
  } else if (kind == ":many") {
    q.kind = QueryKind::Many;
  } else if (kind == ":exec") {
    q.kind = QueryKind::Exec;
  } else if (kind == ":execrows") {
    q.kind = QueryKind::ExecRows;
  } else if (kind == ":execlastid") {
    q.kind = QueryKind::ExecLastId;
  } else {
    fail("unknown query kind '" + kind + "' for " + name + " (" + kinds + ")");
  }
  if (!extra.empty()) fail("unexpected '" + extra + "' after " + kind);
  return q;
}

}  // namespace

QueryFile parse_query_file(std::string text, const std::string& path) {
  QueryFile f;
  f.path = path;
  std::string base = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  f.stem = base.size() > 4 && base.substr(base.size() - 4) == ".sql" ? base.substr(0, base.size() - 4) : base;
  f.text = std::move(text);
  f.lex = lex(f.text, path);
  const auto& toks = f.lex.tokens;
  const auto& comments = f.lex.comments;

  std::vector<std::size_t> headers;
  for (std::size_t i = 0; i < comments.size(); ++i) {
    if (is_header(comments[i])) headers.push_back(i);
  }
  std::size_t first_query_tok = headers.empty() ? toks.size() : comments[headers[0]].tokens_before;
  if (first_query_tok > 0) {
    throw CodegenError(path, toks[0].line, "SQL outside a query: start each query with '-- name: Name :kind'");
  }

  for (std::size_t h = 0; h < headers.size(); ++h) {
    const Comment& hc = comments[headers[h]];
    QueryDecl q = parse_header(hc, path);
    std::size_t range_end = h + 1 < headers.size() ? comments[headers[h + 1]].tokens_before : toks.size();
    std::size_t begin = hc.tokens_before;

    // Documentation: contiguous whole-line comments right above the header ...
    std::vector<std::string> above;
    int want_line = hc.line - 1;
    for (std::size_t k = headers[h]; k > 0; --k) {
      const Comment& c = comments[k - 1];
      if (c.kind != CommentKind::Line || is_header(c) || c.line != want_line || c.tokens_before != begin ||
          !starts_line(f.text, c)) {
        break;
      }
      above.insert(above.begin(), doc_line(c.text));
      --want_line;
    }
    // ... and line comments between the header and the statement.
    for (std::size_t k = headers[h] + 1; k < comments.size(); ++k) {
      const Comment& c = comments[k];
      if (c.tokens_before != begin || is_header(c)) break;
      if (c.kind == CommentKind::Line) above.push_back(doc_line(c.text));
    }
    q.doc = std::move(above);

    std::size_t semi = begin;
    while (semi < range_end && !(toks[semi].kind == TokKind::Op && toks[semi].text == ";")) ++semi;
    if (semi == range_end) {
      if (begin == range_end) throw CodegenError(path, hc.line, "query " + q.name + " has no statement");
      throw CodegenError(path, toks[range_end - 1].line, "query " + q.name + ": statement does not end with ';'");
    }
    if (semi == begin) throw CodegenError(path, hc.line, "query " + q.name + " has no statement");
    if (semi + 1 < range_end) {
      throw CodegenError(path, toks[semi + 1].line,
                         "SQL after the end of query " + q.name + ": one statement per query; start another with "
                         "'-- name: Name :kind'");
    }
    q.tok_begin = begin;
    q.tok_end = semi;
    f.queries.push_back(std::move(q));
  }
  return f;
}

}  // namespace ntpmon::sqlgen
