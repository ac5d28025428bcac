#include "sql_render.h"

#include "diagnostics.h"
#include "sql_literal.h"

namespace ntpmon::sqlgen {
namespace {

// soci's MySQL backend scans the statement for ":name" and only skips single-quoted strings.
bool soci_unsafe(const std::string& text) {
  return text.find(':') != std::string::npos || text.find('\'') != std::string::npos;
}

}  // namespace

std::string render_sql(const QueryFile& file, const QueryDecl& q, Placeholders style, const Rewrites& rewrites) {
  const auto& toks = file.lex.tokens;
  std::string out;
  int n = 0;
  std::size_t hint = 0;
  const auto& comments = file.lex.comments;
  for (std::size_t i = q.tok_begin; i < q.tok_end; ++i) {
    const Token& t = toks[i];
    // optimizer hints / executable comments that precede this token
    for (; hint < comments.size() && comments[hint].tokens_before <= i; ++hint) {
      const Comment& c = comments[hint];
      if (c.kind != CommentKind::Hint || c.tokens_before <= q.tok_begin) continue;
      if (soci_unsafe(c.text)) {
        throw CodegenError(file.path, c.line, "comment /*" + c.text + "*/ contains ':' or a quote, which the soci "
                                              "MySQL backend would take for a placeholder or a string");
      }
      out += " /*" + c.text + "*/";
    }
    if (i > q.tok_begin && t.space_before) {
      // Blanks and comments between two tokens become one blank, except where none is
      // needed: before ',' and ')' and after '('.
      bool tight = (t.kind == TokKind::Op && (t.text == "," || t.text == ")")) ||
                   (toks[i - 1].kind == TokKind::Op && toks[i - 1].text == "(");
      if (!tight) out += ' ';
    }
    if (auto rw = rewrites.find(i); rw != rewrites.end()) {
      out += rw->second.second;
      i = rw->second.first;
      continue;
    }
    switch (t.kind) {
      case TokKind::Param:
        out += style == Placeholders::Soci ? ":p" + std::to_string(++n) : "?";
        break;
      case TokKind::String:
        out += single_quoted(t);
        break;
      case TokKind::QuotedIdent: {
        if (soci_unsafe(t.text)) {
          throw CodegenError(file.path, t.line, "identifier `" + t.text + "` contains ':' or a quote, which the "
                                                "soci MySQL backend would misparse");
        }
        out += '`';
        for (char c : t.text) {
          out += c;
          if (c == '`') out += '`';
        }
        out += '`';
        break;
      }
      case TokKind::Variable:
        if (soci_unsafe(t.text)) {
          throw CodegenError(file.path, t.line, "variable " + t.text + " contains ':' or a quote, which the soci "
                                                "MySQL backend would misparse");
        }
        out += t.text;
        break;
      default:
        out += t.text;
        break;
    }
  }
  return out;
}

}  // namespace ntpmon::sqlgen
