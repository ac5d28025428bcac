#include "annotation.h"

#include "diagnostics.h"

namespace ntpmon::sqlgen {

Annotation parse_annotation(const Comment& comment, const Schema& schema, const std::string& file) {
  Annotation a;
  a.line = comment.line;
  std::string shown = "/*:" + comment.text + "*/";
  auto fail = [&](const std::string& msg) { throw CodegenError(file, comment.line, msg); };
  LexResult lx = lex(comment.text, file);
  auto& t = lx.tokens;
  auto word = [&](std::size_t i, const char* w) {
    return i < t.size() && t[i].kind == TokKind::Ident && iequals(t[i].text, w);
  };
  std::size_t end = t.size();
  if (end >= 2 && word(end - 2, "not") && word(end - 1, "null")) {
    a.nullable = false;
    end -= 2;
  } else if (end >= 1 && word(end - 1, "null")) {
    a.nullable = true;
    end -= 1;
  }
  const char* expected =
      " (expected a type such as bigint, int unsigned, double, varchar, datetime, datetime(6), date, "
      "tinyint(1), or table.column, optionally followed by null or not null)";
  if (end == 0) {
    if (!a.nullable) fail("empty type annotation " + shown + expected);
    return a;
  }
  std::size_t i = 0;
  auto is_name = [&](std::size_t k) {
    return k < end && (t[k].kind == TokKind::Ident || t[k].kind == TokKind::QuotedIdent);
  };
  if (is_name(0) && 1 < end && t[1].kind == TokKind::Op && t[1].text == "." && is_name(2)) {
    const Table* table = schema.find(t[0].text);
    if (!table) fail("type annotation " + shown + " names unknown table '" + t[0].text + "'");
    const Column* col = table->find(t[2].text);
    if (!col) fail("type annotation " + shown + " names unknown column '" + t[0].text + "." + t[2].text + "'");
    a.type = col->type;
    if (!a.nullable) a.nullable = col->type.nullable;
    i = 3;
  } else {
    if (!is_name(0) || t[0].kind != TokKind::Ident) fail("invalid type annotation " + shown + expected);
    std::string name = to_lower(t[0].text);
    i = 1;
    std::vector<std::string> args;
    if (i < end && t[i].kind == TokKind::Op && t[i].text == "(") {
      ++i;
      while (i < end && !(t[i].kind == TokKind::Op && t[i].text == ")")) {
        if (t[i].kind == TokKind::Number) args.push_back(t[i].text);
        ++i;
      }
      if (i >= end) fail("invalid type annotation " + shown + ": missing ')'");
      ++i;
    }
    bool is_unsigned = false;
    if (word(i, "unsigned")) {
      is_unsigned = true;
      ++i;
    } else if (word(i, "signed")) {
      ++i;
    }
    if (name == "double" && word(i, "precision")) ++i;
    std::optional<SqlType> type = name == "enum" ? std::nullopt : type_from_sql(name, args, is_unsigned);
    if (!type) fail("unknown type '" + t[0].text + "' in annotation " + shown + expected);
    a.type = *type;
  }
  if (i < end) fail("unexpected '" + t[i].text + "' in type annotation " + shown + expected);
  return a;
}

std::optional<SqlType> annotated_type(const Annotation& a, const std::optional<SqlType>& plain) {
  std::optional<SqlType> t = a.type ? a.type : plain;
  if (!t) return std::nullopt;
  t->nullable = a.nullable.value_or(false);
  return t;
}

}  // namespace ntpmon::sqlgen
