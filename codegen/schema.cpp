#include "schema.h"

#include <cctype>
#include <set>

#include "diagnostics.h"
#include "lexer.h"
#include "names.h"
#include "sql_literal.h"

namespace ntpmon::sqlgen {

const Column* Table::find(std::string_view column) const {
  for (const auto& c : columns) {
    if (iequals(c.name, column)) return &c;
  }
  return nullptr;
}

const Table* Schema::find(std::string_view table) const {
  for (const auto& t : tables) {
    if (t.name == table) return &t;
  }
  return nullptr;
}

namespace {

class SchemaParser {
 public:
  SchemaParser(const LexResult& lx, const std::string& file) : t_(lx.tokens), file_(file) {}

  Schema run() {
    schema_.file = file_;
    while (pos_ < t_.size()) {
      std::size_t start = pos_;
      if (kw("CREATE")) {
        std::size_t p = pos_ + 1;
        if (p < t_.size() && kw_at(p, "TEMPORARY")) ++p;
        if (p < t_.size() && kw_at(p, "TABLE")) {
          pos_ = p + 1;
          create_table(t_[start].line);
          continue;
        }
      }
      skip_statement();
    }
    return std::move(schema_);
  }

 private:
  bool kw_at(std::size_t p, std::string_view word) const {
    return p < t_.size() && t_[p].kind == TokKind::Ident && iequals(t_[p].text, word);
  }
  bool kw(std::string_view word) const { return kw_at(pos_, word); }
  bool op(std::string_view o) const { return pos_ < t_.size() && t_[pos_].kind == TokKind::Op && t_[pos_].text == o; }
  int line() const { return pos_ < t_.size() ? t_[pos_].line : (t_.empty() ? 1 : t_.back().line); }
  [[noreturn]] void fail(const std::string& msg) const { throw CodegenError(file_, line(), msg); }
  std::string near() const { return pos_ < t_.size() ? "'" + t_[pos_].text + "'" : "end of file"; }

  void expect_op(std::string_view o) {
    if (!op(o)) fail("schema: expected '" + std::string(o) + "' near " + near());
    ++pos_;
  }

  void skip_statement() {
    while (pos_ < t_.size() && !op(";")) ++pos_;
    if (pos_ < t_.size()) ++pos_;
  }

  // Skips a balanced parenthesised group starting at '('.
  void skip_group() {
    int depth = 0;
    do {
      if (pos_ >= t_.size()) fail("schema: unbalanced parentheses");
      if (op("(")) ++depth;
      if (op(")")) --depth;
      ++pos_;
    } while (depth > 0);
  }

  std::string name() {
    if (pos_ >= t_.size() || (t_[pos_].kind != TokKind::Ident && t_[pos_].kind != TokKind::QuotedIdent)) {
      fail("schema: expected a name near " + near());
    }
    return t_[pos_++].text;
  }

  void create_table(int line) {
    if (kw("IF")) {
      pos_ += 3;  // IF NOT EXISTS
    }
    Table table;
    table.line = line;
    table.name = name();
    if (op(".")) {  // db.table
      ++pos_;
      table.name = name();
    }
    if (schema_.find(table.name)) fail("schema: duplicate table '" + table.name + "'");
    if (kw("LIKE") || kw("AS") || kw("SELECT")) fail("schema: CREATE TABLE " + table.name + " needs a column list");
    expect_op("(");
    std::vector<std::string> primary;
    while (true) {
      definition(table, primary);
      if (op(",")) {
        ++pos_;
        continue;
      }
      expect_op(")");
      break;
    }
    for (const auto& p : primary) {
      bool found = false;
      for (auto& c : table.columns) {
        if (iequals(c.name, p)) {
          c.type.nullable = false;
          found = true;
        }
      }
      if (!found) fail("schema: primary key of " + table.name + " names unknown column '" + p + "'");
    }
    schema_.tables.push_back(std::move(table));
    skip_statement();  // table options up to ';'
  }

  // Skips the rest of a definition up to the ',' or ')' that ends it.
  void skip_definition() {
    while (pos_ < t_.size() && !op(",") && !op(")") && !op(";")) {
      if (op("(")) {
        skip_group();
      } else {
        ++pos_;
      }
    }
  }

  void definition(Table& table, std::vector<std::string>& primary) {
    if (kw("CONSTRAINT")) {
      ++pos_;
      if (!kw("PRIMARY") && !kw("UNIQUE") && !kw("FOREIGN") && !kw("CHECK")) name();
    }
    if (kw("PRIMARY")) {
      pos_ += 2;  // PRIMARY KEY
      if (!op("(")) fail("schema: expected '(' after PRIMARY KEY in " + table.name);
      ++pos_;
      while (!op(")")) {
        primary.push_back(name());
        if (op("(")) skip_group();  // prefix length
        if (kw("ASC") || kw("DESC")) ++pos_;
        if (op(",")) ++pos_;
        if (pos_ >= t_.size()) fail("schema: unterminated PRIMARY KEY");
      }
      ++pos_;
      skip_definition();
      return;
    }
    if (kw("KEY") || kw("INDEX") || kw("UNIQUE") || kw("FULLTEXT") || kw("SPATIAL") || kw("FOREIGN") ||
        kw("CHECK") || kw("PERIOD")) {
      skip_definition();
      return;
    }
    column(table, primary);
  }

  void column(Table& table, std::vector<std::string>& primary) {
    Column col;
    col.line = line();
    col.name = name();
    if (table.find(col.name)) fail("schema: duplicate column '" + col.name + "' in table " + table.name);
    if (pos_ >= t_.size() || t_[pos_].kind != TokKind::Ident) fail("schema: expected a type for column " + col.name);
    std::string type = to_lower(t_[pos_].text);
    int type_line = line();
    ++pos_;
    if (type == "double" && kw("PRECISION")) ++pos_;
    if ((type == "character" || type == "national") && kw("VARYING")) {
      ++pos_;
      type = "varchar";
    }
    std::vector<std::string> args;
    std::vector<std::string> enum_values;
    if (op("(")) {
      ++pos_;
      while (!op(")")) {
        if (pos_ >= t_.size()) fail("schema: unterminated type arguments of column " + col.name);
        const Token& a = t_[pos_];
        if (a.kind == TokKind::String) {
          enum_values.push_back(string_literal_value(a));
          args.push_back(enum_values.back());
        } else if (a.kind == TokKind::Number) {
          args.push_back(a.text);
        } else if (!(a.kind == TokKind::Op && a.text == ",")) {
          fail("schema: unexpected '" + a.text + "' in the type of column " + col.name);
        }
        ++pos_;
      }
      ++pos_;
    }
    bool is_unsigned = false;
    bool not_null = false;
    bool is_primary = false;
    while (pos_ < t_.size() && !op(",") && !op(")") && !op(";")) {
      if (kw("UNSIGNED")) {
        is_unsigned = true;
      } else if (kw("NOT") && kw_at(pos_ + 1, "NULL")) {
        not_null = true;
        ++pos_;
      } else if (kw("PRIMARY") && kw_at(pos_ + 1, "KEY")) {
        is_primary = true;
        ++pos_;
      } else if (kw("DEFAULT") || kw("COMMENT") || kw("COLLATE")) {
        ++pos_;  // the value (may be NULL, a word, a string or a group)
        if (op("(")) {
          skip_group();
          continue;
        }
      } else if (kw("CHARACTER") && kw_at(pos_ + 1, "SET")) {
        pos_ += 2;
      } else if (kw("CHARSET")) {
        ++pos_;
      } else if (op("(")) {
        skip_group();
        continue;
      }
      ++pos_;
    }
    std::optional<SqlType> t;
    if (type == "enum") {
      if (enum_values.empty()) throw CodegenError(file_, type_line, "schema: enum column " + col.name + " has no values");
      t = make_enum(table.name, col.name, enum_values, type_line);
    } else {
      t = type_from_sql(type, args, is_unsigned);
    }
    if (!t) {
      throw CodegenError(file_, type_line,
                         "schema: unsupported type '" + type + "' of column " + table.name + "." + col.name);
    }
    col.type = *t;
    col.type.nullable = !(not_null || is_primary);
    if (is_primary) primary.push_back(col.name);
    table.columns.push_back(std::move(col));
  }

  SqlType make_enum(const std::string& table, const std::string& column, const std::vector<std::string>& values,
                    int line) {
    auto def = std::make_unique<EnumDef>();
    def->table = table;
    def->column = column;
    def->values = values;
    def->cpp_name = camel_case(table) + camel_case(column);
    def->snake_name = to_lower(table) + "_" + to_lower(column);
    std::set<std::string> seen;
    for (const auto& v : values) {
      std::string e;
      for (char c : v) e += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
      if (e.empty()) e = "empty";
      if (std::isdigit(static_cast<unsigned char>(e[0]))) e = "_" + e;
      e = cpp_identifier(e);
      if (!seen.insert(e).second) {
        throw CodegenError(file_, line,
                           "schema: values of " + table + "." + column + " map to the same C++ name '" + e + "'");
      }
      def->enumerators.push_back(e);
    }
    for (const auto& other : schema_.enums) {
      if (other->cpp_name == def->cpp_name) {
        throw CodegenError(file_, line, "schema: enum name " + def->cpp_name + " of " + table + "." + column +
                                            " clashes with " + other->table + "." + other->column);
      }
    }
    SqlType t;
    t.kind = BaseKind::Enum;
    t.enum_def = def.get();
    schema_.enums.push_back(std::move(def));
    return t;
  }

  const std::vector<Token>& t_;
  const std::string& file_;
  std::size_t pos_ = 0;
  Schema schema_;
};

}  // namespace

Schema parse_schema(std::string_view text, const std::string& file) {
  LexResult lx = lex(text, file);
  return SchemaParser(lx, file).run();
}

}  // namespace ntpmon::sqlgen
