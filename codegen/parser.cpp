#include "parser.h"

#include <set>

#include "diagnostics.h"

namespace ntpmon::sqlgen {

bool is_reserved_word(const std::string& word) {
  static const std::set<std::string> kReserved = {
      "ACCESSIBLE", "ADD", "ALL", "ALTER", "ANALYZE", "AND", "AS", "ASC", "BEFORE", "BETWEEN", "BOTH", "BY",
      "CALL", "CASCADE", "CASE", "CHANGE", "CHECK", "COLLATE", "COLUMN", "CONDITION", "CONSTRAINT", "CONTINUE",
      "CONVERT", "CREATE", "CROSS", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER",
      "CURSOR", "DATABASE", "DATABASES", "DAY_HOUR", "DAY_MICROSECOND", "DAY_MINUTE", "DAY_SECOND", "DECLARE",
      "DEFAULT", "DELAYED", "DELETE", "DESC", "DESCRIBE", "DETERMINISTIC", "DISTINCT", "DISTINCTROW", "DIV",
      "DROP", "DUAL", "EACH", "ELSE", "ELSEIF", "ENCLOSED", "ESCAPED", "EXCEPT", "EXISTS", "EXIT", "EXPLAIN",
      "FALSE", "FETCH", "FOR", "FORCE", "FOREIGN", "FROM", "FULLTEXT", "GRANT", "GROUP", "HAVING",
      "HIGH_PRIORITY", "HOUR_MICROSECOND", "HOUR_MINUTE", "HOUR_SECOND", "IF", "IGNORE", "IN", "INDEX",
      "INFILE", "INNER", "INOUT", "INSENSITIVE", "INSERT", "INTERSECT", "INTERVAL", "INTO", "IS", "ITERATE",
      "JOIN", "KEY", "KEYS", "KILL", "LATERAL", "LEADING", "LEAVE", "LEFT", "LIKE", "LIMIT", "LINEAR", "LINES",
      "LOAD", "LOCALTIME", "LOCALTIMESTAMP", "LOCK", "LOOP", "LOW_PRIORITY", "MATCH", "MINUTE_MICROSECOND",
      "MINUTE_SECOND", "MOD", "MODIFIES", "NATURAL", "NOT", "NO_WRITE_TO_BINLOG", "NULL", "OF", "OFFSET", "ON",
      "OPTIMIZE", "OPTION", "OPTIONALLY", "OR", "ORDER", "OUT", "OUTER", "OVER", "PARTITION", "PRIMARY",
      "PROCEDURE", "RANGE", "READ", "READS", "RECURSIVE", "REFERENCES", "REGEXP", "RELEASE", "RENAME", "REPEAT",
      "REPLACE", "REQUIRE", "RESTRICT", "RETURN", "RETURNING", "REVOKE", "RIGHT", "RLIKE", "SCHEMA", "SCHEMAS",
      "SELECT", "SENSITIVE", "SEPARATOR", "SET", "SHOW", "SPATIAL", "SPECIFIC", "SQL", "STARTING",
      "STRAIGHT_JOIN", "TABLE", "TERMINATED", "THEN", "TO", "TRAILING", "TRIGGER", "TRUE", "UNDO", "UNION",
      "UNIQUE", "UNLOCK", "UNSIGNED", "UPDATE", "USAGE", "USE", "USING", "UTC_DATE", "UTC_TIME",
      "UTC_TIMESTAMP", "VALUES", "WHEN", "WHERE", "WHILE", "WINDOW", "WITH", "WRITE", "XOR", "YEAR_MONTH",
      "ZEROFILL"};
  return kReserved.count(to_upper(word)) > 0;
}

namespace {

bool is_interval_unit(const std::string& w) {
  static const std::set<std::string> kUnits = {
      "MICROSECOND", "SECOND", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "QUARTER", "YEAR",
      "SECOND_MICROSECOND", "MINUTE_MICROSECOND", "MINUTE_SECOND", "HOUR_MICROSECOND", "HOUR_SECOND",
      "HOUR_MINUTE", "DAY_MICROSECOND", "DAY_SECOND", "DAY_MINUTE", "DAY_HOUR", "YEAR_MONTH", "SQL_TSI_SECOND",
      "SQL_TSI_MINUTE", "SQL_TSI_HOUR", "SQL_TSI_DAY", "SQL_TSI_WEEK", "SQL_TSI_MONTH", "SQL_TSI_QUARTER",
      "SQL_TSI_YEAR"};
  return kUnits.count(to_upper(w)) > 0;
}

bool is_niladic(const std::string& upper) {
  return upper == "CURRENT_TIMESTAMP" || upper == "CURRENT_DATE" || upper == "CURRENT_TIME" ||
         upper == "LOCALTIME" || upper == "LOCALTIMESTAMP" || upper == "UTC_TIMESTAMP" || upper == "UTC_DATE" ||
         upper == "UTC_TIME" || upper == "CURRENT_USER";
}

class Parser {
 public:
  Parser(const std::vector<Token>& t, std::size_t begin, std::size_t end, const std::string& file)
      : t_(t), pos_(begin), end_(end), file_(file) {}

  Statement statement() {
    Statement s;
    s.tok = pos_;
    if (kw("SELECT") || kw("WITH") || op("(")) {
      s.kind = Statement::Kind::Select;
      s.select = select_stmt();
    } else if (kw("INSERT") || kw("REPLACE")) {
      s.kind = Statement::Kind::Insert;
      s.insert = insert_stmt();
    } else if (kw("UPDATE")) {
      s.kind = Statement::Kind::Update;
      s.update = update_stmt();
    } else if (kw("DELETE")) {
      s.kind = Statement::Kind::Delete;
      s.del = delete_stmt();
    } else if (kw("CALL")) {
      s.kind = Statement::Kind::Call;
      s.call = call_stmt();
    } else {
      s.kind = Statement::Kind::Other;
      pos_ = end_;
    }
    if (pos_ < end_) syntax("the end of the statement");
    return s;
  }

 private:
  // ---- token helpers ----
  const Token* peek(std::size_t k = 0) const { return pos_ + k < end_ ? &t_[pos_ + k] : nullptr; }
  bool kw(const char* w, std::size_t k = 0) const {
    const Token* t = peek(k);
    return t && t->kind == TokKind::Ident && iequals(t->text, w);
  }
  bool op(const char* o, std::size_t k = 0) const {
    const Token* t = peek(k);
    return t && t->kind == TokKind::Op && t->text == o;
  }
  bool is_name(std::size_t k = 0) const {
    const Token* t = peek(k);
    return t && (t->kind == TokKind::Ident || t->kind == TokKind::QuotedIdent);
  }
  bool accept_kw(const char* w) {
    if (!kw(w)) return false;
    ++pos_;
    return true;
  }
  bool accept_op(const char* o) {
    if (!op(o)) return false;
    ++pos_;
    return true;
  }
  void expect_kw(const char* w) {
    if (!accept_kw(w)) syntax(w);
  }
  void expect_op(const char* o) {
    if (!accept_op(o)) syntax(std::string("'") + o + "'");
  }
  [[noreturn]] void syntax(const std::string& expected) const {
    if (pos_ < end_) {
      throw CodegenError(file_, t_[pos_].line, "syntax error near '" + t_[pos_].text + "': expected " + expected);
    }
    int line = end_ > 0 ? t_[end_ - 1].line : 1;
    throw CodegenError(file_, line, "syntax error at the end of the statement: expected " + expected);
  }
  [[noreturn]] void unsupported(const std::string& what) const {
    throw CodegenError(file_, pos_ < end_ ? t_[pos_].line : t_[end_ - 1].line, what + " is not supported by sqlgen");
  }
  std::string name() {
    if (!is_name()) syntax("a name");
    return t_[pos_++].text;
  }
  // Unquoted word that may start a query expression: SELECT, WITH, or '(' ... SELECT.
  bool starts_query(std::size_t k = 0) const {
    while (op("(", k)) ++k;
    return kw("SELECT", k) || kw("WITH", k);
  }
  ExprPtr make(ExprKind kind, std::size_t tok) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->tok = tok;
    e->last_tok = pos_ > tok ? pos_ - 1 : tok;
    return e;
  }
  ExprPtr binary(ExprKind kind, std::string opname, ExprPtr l, ExprPtr r) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->tok = l->tok;
    e->last_tok = pos_ - 1;
    e->name = std::move(opname);
    e->args.push_back(std::move(l));
    e->args.push_back(std::move(r));
    return e;
  }

  // ---- SELECT ----
  std::unique_ptr<Select> select_stmt() {
    auto s = std::make_unique<Select>();
    s->tok = pos_;
    if (accept_kw("WITH")) {
      s->recursive = accept_kw("RECURSIVE");
      do {
        Cte c;
        c.tok = pos_;
        c.name = name();
        if (accept_op("(")) {
          do c.columns.push_back(name());
          while (accept_op(","));
          expect_op(")");
        }
        expect_kw("AS");
        expect_op("(");
        c.select = select_stmt();
        expect_op(")");
        s->ctes.push_back(std::move(c));
      } while (accept_op(","));
    }
    while (true) {
      s->cores.push_back(core());
      if (kw("UNION") || kw("EXCEPT") || kw("INTERSECT")) {
        ++pos_;
        if (!accept_kw("ALL")) accept_kw("DISTINCT");
        continue;
      }
      break;
    }
    if (accept_kw("ORDER")) {
      expect_kw("BY");
      order_list(s->order_by);
    }
    limit_clause(s->limit, s->offset);
    locking();
    return s;
  }

  void locking() {
    if (kw("FOR") && (kw("UPDATE", 1) || kw("SHARE", 1))) {
      pos_ += 2;
      if (accept_kw("OF")) {
        do name();
        while (accept_op(","));
      }
      if (!accept_kw("NOWAIT")) {
        if (accept_kw("SKIP")) {
          expect_kw("LOCKED");
        } else if (accept_kw("WAIT")) {
          if (peek() && peek()->kind == TokKind::Number) ++pos_;
        }
      }
    } else if (kw("LOCK") && kw("IN", 1)) {
      pos_ += 2;
      expect_kw("SHARE");
      expect_kw("MODE");
    }
  }

  SelectCore core() {
    SelectCore c;
    c.tok = pos_;
    if (accept_op("(")) {
      c.nested = select_stmt();
      expect_op(")");
      return c;
    }
    expect_kw("SELECT");
    static const char* const kOptions[] = {"ALL", "DISTINCT", "DISTINCTROW", "HIGH_PRIORITY", "STRAIGHT_JOIN",
                                           "SQL_SMALL_RESULT", "SQL_BIG_RESULT", "SQL_BUFFER_RESULT", "SQL_NO_CACHE",
                                           "SQL_CACHE", "SQL_CALC_FOUND_ROWS"};
    for (bool again = true; again;) {
      again = false;
      for (const char* o : kOptions) {
        if (accept_kw(o)) again = true;
      }
    }
    do c.items.push_back(select_item());
    while (accept_op(","));
    if (kw("INTO")) unsupported("SELECT ... INTO");
    if (accept_kw("FROM")) {
      if (!accept_kw("DUAL")) table_refs(c.from);
    }
    if (accept_kw("WHERE")) c.where = expr();
    if (accept_kw("GROUP")) {
      expect_kw("BY");
      order_list(c.group_by);
      if (kw("WITH") && kw("ROLLUP", 1)) pos_ += 2;
    }
    if (accept_kw("HAVING")) c.having = expr();
    if (accept_kw("WINDOW")) {
      do {
        name();
        expect_kw("AS");
        expect_op("(");
        window_spec(c.windows);
        expect_op(")");
      } while (accept_op(","));
    }
    return c;
  }

  SelectItem select_item() {
    SelectItem it;
    it.first_tok = pos_;
    if (op("*")) {
      it.star = true;
      it.expr_last_tok = pos_++;
      return it;
    }
    if (is_name() && op(".", 1) && op("*", 2)) {
      it.star = true;
      it.star_qualifier = t_[pos_].text;
      pos_ += 3;
      it.expr_last_tok = pos_ - 1;
      return it;
    }
    it.expr = expr();
    it.expr_last_tok = pos_ - 1;
    alias(it.alias, it.alias_tok, it.has_alias, true);
    return it;
  }

  // [AS] alias. Strings are allowed as select-item aliases.
  void alias(std::string& out, std::size_t& tok, bool& has, bool allow_string) {
    bool as = accept_kw("AS");
    const Token* t = peek();
    bool ok = t && (t->kind == TokKind::QuotedIdent || (t->kind == TokKind::Ident && !is_reserved_word(t->text)) ||
                    (allow_string && t->kind == TokKind::String && t->quote != 0));
    if (!ok) {
      if (as) syntax("an alias");
      return;
    }
    if (t->kind == TokKind::String) {
      out = t->text.substr(1, t->text.size() - 2);
    } else {
      out = t->text;
    }
    tok = pos_++;
    has = true;
  }

  void order_list(std::vector<ExprPtr>& out) {
    do {
      out.push_back(expr());
      if (!accept_kw("ASC")) accept_kw("DESC");
    } while (accept_op(","));
  }

  void limit_clause(ExprPtr& limit, ExprPtr& offset) {
    if (!accept_kw("LIMIT")) return;
    ExprPtr a = limit_value();
    if (accept_op(",")) {
      offset = std::move(a);
      limit = limit_value();
    } else if (accept_kw("OFFSET")) {
      limit = std::move(a);
      offset = limit_value();
    } else {
      limit = std::move(a);
    }
  }

  ExprPtr limit_value() {
    const Token* t = peek();
    if (t && t->kind == TokKind::Number) {
      ++pos_;
      return make(ExprKind::Literal, pos_ - 1);
    }
    if (t && t->kind == TokKind::Param) {
      ++pos_;
      auto e = make(ExprKind::Param, pos_ - 1);
      e->name = t->text;
      return e;
    }
    syntax("a number or a parameter");
  }

  // ---- FROM ----
  void table_refs(std::vector<TableRefPtr>& out) {
    do out.push_back(table_ref());
    while (accept_op(","));
  }

  TableRefPtr table_ref() {
    TableRefPtr left = table_factor();
    while (true) {
      std::size_t tok = pos_;
      JoinType jt;
      if ((kw("INNER") || kw("CROSS")) && kw("JOIN", 1)) {
        jt = kw("CROSS") ? JoinType::Cross : JoinType::Inner;
        pos_ += 2;
      } else if (kw("JOIN") || kw("STRAIGHT_JOIN")) {
        jt = JoinType::Inner;
        ++pos_;
      } else if (kw("LEFT") || kw("RIGHT")) {
        jt = kw("LEFT") ? JoinType::Left : JoinType::Right;
        ++pos_;
        accept_kw("OUTER");
        expect_kw("JOIN");
      } else if (kw("NATURAL")) {
        ++pos_;
        jt = JoinType::Natural;
        if (accept_kw("LEFT")) jt = JoinType::NaturalLeft;
        else if (accept_kw("RIGHT")) jt = JoinType::NaturalRight;
        accept_kw("OUTER");
        expect_kw("JOIN");
      } else {
        break;
      }
      auto j = std::make_unique<TableRef>();
      j->kind = TableRef::Kind::Join;
      j->tok = tok;
      j->join = jt;
      j->left = std::move(left);
      j->right = table_factor();
      if (accept_kw("ON")) {
        j->on = expr();
      } else if (accept_kw("USING")) {
        expect_op("(");
        do {
          std::size_t t = pos_;
          j->using_columns.emplace_back(name(), t);
        } while (accept_op(","));
        expect_op(")");
      }
      left = std::move(j);
    }
    return left;
  }

  TableRefPtr table_factor() {
    auto r = std::make_unique<TableRef>();
    r->tok = pos_;
    if (op("(")) {
      if (starts_query(1)) {
        ++pos_;
        r->kind = TableRef::Kind::Derived;
        r->subquery = select_stmt();
        expect_op(")");
        bool has = false;
        alias(r->alias, r->alias_tok, has, false);
        if (!has) syntax("an alias for the derived table");
        if (accept_op("(")) {
          do r->column_names.push_back(name());
          while (accept_op(","));
          expect_op(")");
        }
        return r;
      }
      ++pos_;
      r->kind = TableRef::Kind::Group;
      table_refs(r->group);
      expect_op(")");
      return r;
    }
    if (kw("LATERAL")) unsupported("LATERAL");
    r->kind = TableRef::Kind::Table;
    r->name = name();
    if (accept_op(".")) r->name = name();  // db.table: the schema has one database
    if (kw("PARTITION") && op("(", 1)) {
      ++pos_;
      skip_group();
    }
    bool has = false;
    alias(r->alias, r->alias_tok, has, false);
    while ((kw("USE") || kw("IGNORE") || kw("FORCE")) && (kw("INDEX", 1) || kw("KEY", 1))) {
      pos_ += 2;
      if (accept_kw("FOR")) {
        if (accept_kw("JOIN")) {
        } else {
          if (!accept_kw("ORDER")) expect_kw("GROUP");
          expect_kw("BY");
        }
      }
      if (!op("(")) syntax("'('");
      skip_group();
    }
    return r;
  }

  // Skips a balanced group starting at '('.
  void skip_group() {
    int depth = 0;
    do {
      if (pos_ >= end_) syntax("')'");
      if (op("(")) ++depth;
      if (op(")")) --depth;
      ++pos_;
    } while (depth > 0);
  }

  // Skips tokens up to (not including) the ')' that closes the current group.
  void skip_to_close() {
    int depth = 0;
    while (pos_ < end_) {
      if (op("(")) ++depth;
      if (op(")")) {
        if (depth == 0) return;
        --depth;
      }
      ++pos_;
    }
    syntax("')'");
  }

  // ---- expressions ----
  ExprPtr expr() { return or_expr(); }

  ExprPtr or_expr() {
    ExprPtr l = xor_expr();
    while (kw("OR") || op("||")) {
      ++pos_;
      ExprPtr r = xor_expr();
      l = binary(ExprKind::Binary, "OR", std::move(l), std::move(r));
    }
    return l;
  }
  ExprPtr xor_expr() {
    ExprPtr l = and_expr();
    while (accept_kw("XOR")) {
      ExprPtr r = and_expr();
      l = binary(ExprKind::Binary, "XOR", std::move(l), std::move(r));
    }
    return l;
  }
  ExprPtr and_expr() {
    ExprPtr l = not_expr();
    while (kw("AND") || op("&&")) {
      ++pos_;
      ExprPtr r = not_expr();
      l = binary(ExprKind::Binary, "AND", std::move(l), std::move(r));
    }
    return l;
  }
  ExprPtr not_expr() {
    if (kw("NOT")) {
      std::size_t tok = pos_++;
      ExprPtr inner = not_expr();
      auto e = make(ExprKind::Unary, tok);
      e->name = "NOT";
      e->args.push_back(std::move(inner));
      return e;
    }
    return predicate();
  }

  static bool is_compare_op(const Token* t) {
    if (!t || t->kind != TokKind::Op) return false;
    const std::string& o = t->text;
    return o == "=" || o == "<=>" || o == "<>" || o == "!=" || o == "<" || o == "<=" || o == ">" || o == ">=";
  }

  ExprPtr predicate() {
    ExprPtr l = bit_or();
    while (true) {
      if (kw("IS")) {
        ++pos_;
        bool neg = accept_kw("NOT");
        if (!(accept_kw("NULL") || accept_kw("TRUE") || accept_kw("FALSE") || accept_kw("UNKNOWN"))) {
          syntax("NULL, TRUE, FALSE or UNKNOWN");
        }
        auto e = make(ExprKind::Is, l->tok);
        e->negated = neg;
        e->args.push_back(std::move(l));
        l = std::move(e);
        continue;
      }
      bool neg = false;
      if (kw("NOT") && (kw("IN", 1) || kw("LIKE", 1) || kw("BETWEEN", 1) || kw("REGEXP", 1) || kw("RLIKE", 1))) {
        ++pos_;
        neg = true;
      }
      if (accept_kw("IN")) {
        expect_op("(");
        std::size_t tok = l->tok;
        std::vector<ExprPtr> args;
        args.push_back(std::move(l));
        std::unique_ptr<Select> sub;
        if (starts_query()) {
          sub = select_stmt();
        } else {
          do args.push_back(expr());
          while (accept_op(","));
        }
        expect_op(")");
        auto e = make(ExprKind::In, tok);
        e->negated = neg;
        e->args = std::move(args);
        e->subquery = std::move(sub);
        l = std::move(e);
      } else if (accept_kw("BETWEEN")) {
        ExprPtr lo = bit_or();
        expect_kw("AND");
        ExprPtr hi = bit_or();
        auto e = make(ExprKind::Between, l->tok);
        e->negated = neg;
        e->args.push_back(std::move(l));
        e->args.push_back(std::move(lo));
        e->args.push_back(std::move(hi));
        l = std::move(e);
      } else if (accept_kw("LIKE")) {
        ExprPtr r = bit_or();
        l = binary(ExprKind::Compare, "LIKE", std::move(l), std::move(r));
        l->negated = neg;
        if (accept_kw("ESCAPE")) l->extra.push_back(bit_or());
      } else if (kw("REGEXP") || kw("RLIKE")) {
        ++pos_;
        ExprPtr r = bit_or();
        l = binary(ExprKind::Compare, "REGEXP", std::move(l), std::move(r));
        l->negated = neg;
      } else if (kw("SOUNDS") && kw("LIKE", 1)) {
        pos_ += 2;
        ExprPtr r = bit_or();
        l = binary(ExprKind::Compare, "SOUNDS LIKE", std::move(l), std::move(r));
      } else if (is_compare_op(peek())) {
        std::string o = t_[pos_++].text;
        if ((kw("ANY") || kw("SOME") || kw("ALL")) && op("(", 1)) {
          std::size_t tok = pos_;
          pos_ += 2;
          auto sub = make(ExprKind::Subquery, tok);
          sub->subquery = select_stmt();
          expect_op(")");
          sub->last_tok = pos_ - 1;
          l = binary(ExprKind::Binary, o, std::move(l), std::move(sub));
        } else {
          ExprPtr r = bit_or();
          l = binary(ExprKind::Compare, o, std::move(l), std::move(r));
        }
      } else {
        break;
      }
    }
    return l;
  }

  template <class Next>
  ExprPtr left_assoc(Next next, std::initializer_list<const char*> ops, std::initializer_list<const char*> words) {
    ExprPtr l = (this->*next)();
    while (true) {
      std::string o;
      for (const char* x : ops) {
        if (op(x)) o = x;
      }
      for (const char* w : words) {
        if (kw(w)) o = w;
      }
      if (o.empty()) return l;
      ++pos_;
      ExprPtr r = (this->*next)();
      l = binary(ExprKind::Binary, o, std::move(l), std::move(r));
    }
  }
  ExprPtr bit_or() { return left_assoc(&Parser::bit_and, {"|"}, {}); }
  ExprPtr bit_and() { return left_assoc(&Parser::shift, {"&"}, {}); }
  ExprPtr shift() { return left_assoc(&Parser::additive, {"<<", ">>"}, {}); }
  ExprPtr additive() { return left_assoc(&Parser::multiplicative, {"+", "-"}, {}); }
  ExprPtr multiplicative() { return left_assoc(&Parser::bit_xor, {"*", "/", "%"}, {"DIV", "MOD"}); }
  ExprPtr bit_xor() { return left_assoc(&Parser::unary, {"^"}, {}); }

  ExprPtr unary() {
    if (op("-") || op("+") || op("~") || op("!") || (kw("BINARY") && !op("(", 1))) {
      std::size_t tok = pos_;
      std::string o = t_[pos_++].text;
      ExprPtr inner = unary();
      auto e = make(ExprKind::Unary, tok);
      e->name = o;
      e->args.push_back(std::move(inner));
      return e;
    }
    ExprPtr e = primary();
    while (true) {
      if (accept_kw("COLLATE")) {
        if (peek() && peek()->kind == TokKind::String) {
          ++pos_;
        } else {
          name();
        }
        e->last_tok = pos_ - 1;
      } else if (op("->") || op("->>")) {
        std::string o = t_[pos_++].text;
        ExprPtr r = primary();
        e = binary(ExprKind::Binary, o, std::move(e), std::move(r));
      } else {
        return e;
      }
    }
  }

  ExprPtr primary() {
    const Token* t = peek();
    if (!t) syntax("an expression");
    std::size_t start = pos_;
    switch (t->kind) {
      case TokKind::Number:
        ++pos_;
        return make(ExprKind::Literal, start);
      case TokKind::String:
        ++pos_;
        while (peek() && peek()->kind == TokKind::String) ++pos_;  // 'a' 'b' concatenation
        return make(ExprKind::Literal, start);
      case TokKind::Param: {
        ++pos_;
        auto e = make(ExprKind::Param, start);
        e->name = t->text;
        return e;
      }
      case TokKind::Positional:
        throw CodegenError(file_, t->line,
                           "positional '?' placeholders are not supported; use a named parameter like :id");
      case TokKind::Variable:
        ++pos_;
        return make(ExprKind::Variable, start);
      case TokKind::Op:
        if (op("(")) {
          if (starts_query(1)) {
            ++pos_;
            auto e = make(ExprKind::Subquery, start);
            e->subquery = select_stmt();
            expect_op(")");
            e->last_tok = pos_ - 1;
            return e;
          }
          ++pos_;
          ExprPtr first = expr();
          if (accept_op(",")) {
            auto row = make(ExprKind::Row, start);
            row->args.push_back(std::move(first));
            do row->args.push_back(expr());
            while (accept_op(","));
            expect_op(")");
            row->last_tok = pos_ - 1;
            return row;
          }
          expect_op(")");
          return first;
        }
        syntax("an expression");
      case TokKind::Ident:
      case TokKind::QuotedIdent:
        break;
    }
    bool quoted = t->kind == TokKind::QuotedIdent;
    std::string upper = to_upper(t->text);
    if (!quoted) {
      if (upper == "NULL") {
        ++pos_;
        return make(ExprKind::Null, start);
      }
      if (upper == "TRUE" || upper == "FALSE") {
        ++pos_;
        return make(ExprKind::Literal, start);
      }
      if ((upper == "DATE" || upper == "TIME" || upper == "TIMESTAMP") && peek(1) &&
          peek(1)->kind == TokKind::String) {
        pos_ += 2;
        return make(ExprKind::Literal, start);
      }
      if (upper == "EXISTS") {
        ++pos_;
        expect_op("(");
        auto e = make(ExprKind::Exists, start);
        e->subquery = select_stmt();
        expect_op(")");
        e->last_tok = pos_ - 1;
        return e;
      }
      if (upper == "NOT") return not_expr();
      if (upper == "CASE") return case_expr();
      if (upper == "INTERVAL") {
        ++pos_;
        ExprPtr v = expr();
        if (!peek() || peek()->kind != TokKind::Ident || !is_interval_unit(peek()->text)) syntax("an interval unit");
        ++pos_;
        auto e = make(ExprKind::Interval, start);
        e->args.push_back(std::move(v));
        return e;
      }
      if (upper == "DEFAULT") {
        ++pos_;
        if (op("(")) skip_group();
        return make(ExprKind::Default, start);
      }
      if (upper == "ROW" && op("(", 1)) {
        ++pos_;
        return primary();
      }
      if (upper == "MATCH") unsupported("MATCH ... AGAINST");
      if (is_niladic(upper) && !op("(", 1)) {
        ++pos_;
        auto e = make(ExprKind::Func, start);
        e->name = upper;
        return e;
      }
    }
    if (op("(", 1)) return func_call(start, upper);
    if (!quoted && is_reserved_word(t->text)) syntax("an expression");
    // column reference: [db.]table.column or column
    std::vector<std::string> parts;
    parts.push_back(t_[pos_++].text);
    while (op(".") && is_name(1)) {
      ++pos_;
      parts.push_back(t_[pos_++].text);
    }
    if (op(".")) syntax("a column name");
    // db.func(...) is a stored function call
    if (op("(")) return func_call(pos_ - 1, to_upper(parts.back()));
    auto e = make(ExprKind::Column, start);
    e->name = parts.back();
    if (parts.size() >= 2) e->qualifier = parts[parts.size() - 2];
    return e;
  }

  ExprPtr case_expr() {
    std::size_t start = pos_++;
    auto e = make(ExprKind::Case, start);
    if (!kw("WHEN")) {
      e->args.push_back(expr());
    } else {
      e->args.push_back(nullptr);
    }
    if (!kw("WHEN")) syntax("WHEN");
    while (accept_kw("WHEN")) {
      e->args.push_back(expr());
      expect_kw("THEN");
      e->args.push_back(expr());
    }
    if (accept_kw("ELSE")) {
      e->args.push_back(expr());
    } else {
      e->args.push_back(nullptr);
    }
    expect_kw("END");
    e->last_tok = pos_ - 1;
    return e;
  }

  void expr_list(std::vector<ExprPtr>& out) {
    do out.push_back(expr());
    while (accept_op(","));
  }

  ExprPtr func_call(std::size_t start, const std::string& fname) {
    auto e = make(ExprKind::Func, start);
    e->name = fname;
    pos_ = start + 1;
    expect_op("(");
    if (fname == "COUNT" && op("*")) {
      e->args.push_back(make(ExprKind::Star, pos_++));
    } else if (fname == "CAST") {
      e->args.push_back(expr());
      expect_kw("AS");
      skip_to_close();
    } else if (fname == "CONVERT") {
      e->args.push_back(expr());
      if (accept_op(",") || accept_kw("USING")) skip_to_close();
    } else if (fname == "EXTRACT") {
      if (!peek() || peek()->kind != TokKind::Ident || !is_interval_unit(peek()->text)) syntax("an interval unit");
      ++pos_;
      expect_kw("FROM");
      e->args.push_back(expr());
    } else if (fname == "TRIM") {
      if (kw("LEADING") || kw("TRAILING") || kw("BOTH")) ++pos_;
      if (!accept_kw("FROM")) {
        e->args.push_back(expr());
        if (accept_kw("FROM")) e->args.push_back(expr());
      } else {
        e->args.push_back(expr());
      }
    } else if (fname == "SUBSTRING" || fname == "SUBSTR" || fname == "MID") {
      e->args.push_back(expr());
      if (accept_kw("FROM")) {
        e->args.push_back(expr());
        if (accept_kw("FOR")) e->args.push_back(expr());
      } else {
        while (accept_op(",")) e->args.push_back(expr());
      }
    } else if (fname == "POSITION") {
      e->args.push_back(bit_or());
      expect_kw("IN");
      e->args.push_back(expr());
    } else if (fname == "TIMESTAMPDIFF" || fname == "TIMESTAMPADD") {
      if (!peek() || peek()->kind != TokKind::Ident || !is_interval_unit(peek()->text)) syntax("an interval unit");
      ++pos_;
      while (accept_op(",")) e->args.push_back(expr());
    } else if (fname == "GROUP_CONCAT") {
      accept_kw("DISTINCT");
      expr_list(e->args);
      if (accept_kw("ORDER")) {
        expect_kw("BY");
        order_list(e->extra);
      }
      if (accept_kw("SEPARATOR")) {
        if (!peek() || peek()->kind != TokKind::String) syntax("a string");
        ++pos_;
      }
    } else if (fname == "CHAR") {
      expr_list(e->args);
      if (accept_kw("USING")) name();
    } else if (!op(")")) {
      if (!accept_kw("DISTINCT")) accept_kw("ALL");
      expr_list(e->args);
    }
    expect_op(")");
    if (accept_kw("OVER")) {
      if (is_name() && !op("(")) {
        ++pos_;
      } else {
        expect_op("(");
        window_spec(e->extra);
        expect_op(")");
      }
    }
    e->last_tok = pos_ - 1;
    return e;
  }

  // [name] [PARTITION BY exprs] [ORDER BY items] [frame], up to the closing ')'.
  void window_spec(std::vector<ExprPtr>& out) {
    if (is_name() && !kw("PARTITION") && !kw("ORDER") && !kw("ROWS") && !kw("RANGE")) ++pos_;
    if (accept_kw("PARTITION")) {
      expect_kw("BY");
      expr_list(out);
    }
    if (accept_kw("ORDER")) {
      expect_kw("BY");
      order_list(out);
    }
    if (kw("ROWS") || kw("RANGE")) skip_to_close();
  }

  // ---- INSERT / UPDATE / DELETE / CALL ----
  std::unique_ptr<InsertStmt> insert_stmt() {
    auto s = std::make_unique<InsertStmt>();
    ++pos_;  // INSERT or REPLACE
    while (kw("LOW_PRIORITY") || kw("DELAYED") || kw("HIGH_PRIORITY") || kw("IGNORE")) ++pos_;
    accept_kw("INTO");
    s->table_tok = pos_;
    s->table = name();
    if (accept_op(".")) {
      s->table_tok = pos_;
      s->table = name();
    }
    if (kw("PARTITION") && op("(", 1)) {
      ++pos_;
      skip_group();
    }
    if (op("(") && !starts_query(1)) {
      ++pos_;
      s->has_columns = true;
      if (!op(")")) {
        do {
          std::size_t tok = pos_;
          std::string c = name();
          if (accept_op(".")) {  // t.col
            tok = pos_;
            c = name();
          }
          s->columns.emplace_back(c, tok);
        } while (accept_op(","));
      }
      expect_op(")");
    }
    if (accept_kw("VALUES") || accept_kw("VALUE")) {
      do {
        expect_op("(");
        std::vector<ExprPtr> row;
        if (!op(")")) expr_list(row);
        expect_op(")");
        s->rows.push_back(std::move(row));
      } while (accept_op(","));
    } else if (starts_query()) {
      s->select = select_stmt();
    } else if (accept_kw("SET")) {
      assignments(s->set);
    } else {
      syntax("VALUES, SELECT or SET");
    }
    if (kw("ON") && kw("DUPLICATE", 1)) {
      pos_ += 2;
      expect_kw("KEY");
      expect_kw("UPDATE");
      assignments(s->on_duplicate);
    }
    return s;
  }

  void assignments(std::vector<Assignment>& out) {
    do {
      Assignment a;
      std::size_t start = pos_;
      std::vector<std::string> parts;
      parts.push_back(name());
      while (accept_op(".")) parts.push_back(name());
      auto c = make(ExprKind::Column, start);
      c->name = parts.back();
      if (parts.size() >= 2) c->qualifier = parts[parts.size() - 2];
      a.column = std::move(c);
      if (!accept_op("=")) expect_op(":=");
      a.value = expr();
      out.push_back(std::move(a));
    } while (accept_op(","));
  }

  std::unique_ptr<UpdateStmt> update_stmt() {
    auto s = std::make_unique<UpdateStmt>();
    ++pos_;
    while (kw("LOW_PRIORITY") || kw("IGNORE")) ++pos_;
    table_refs(s->tables);
    expect_kw("SET");
    assignments(s->set);
    if (accept_kw("WHERE")) s->where = expr();
    if (accept_kw("ORDER")) {
      expect_kw("BY");
      order_list(s->order_by);
    }
    ExprPtr offset;
    limit_clause(s->limit, offset);
    if (offset) syntax("LIMIT without offset in UPDATE");
    return s;
  }

  std::unique_ptr<DeleteStmt> delete_stmt() {
    auto s = std::make_unique<DeleteStmt>();
    ++pos_;
    while (kw("LOW_PRIORITY") || kw("QUICK") || kw("IGNORE")) ++pos_;
    if (accept_kw("FROM")) {
      if (is_name() && (op(".", 1) && op("*", 2))) {
        target_list(s->targets);
        expect_kw("USING");
        table_refs(s->from);
      } else {
        table_refs(s->from);
        if (accept_kw("USING")) {
          for (const auto& r : s->from) {
            if (r->kind != TableRef::Kind::Table) syntax("table names before USING");
            s->targets.emplace_back(r->alias.empty() ? r->name : r->alias, r->tok);
          }
          s->from.clear();
          table_refs(s->from);
        }
      }
    } else {
      target_list(s->targets);
      expect_kw("FROM");
      table_refs(s->from);
    }
    if (accept_kw("WHERE")) s->where = expr();
    if (accept_kw("ORDER")) {
      expect_kw("BY");
      order_list(s->order_by);
    }
    ExprPtr offset;
    limit_clause(s->limit, offset);
    if (offset) syntax("LIMIT without offset in DELETE");
    return s;
  }

  void target_list(std::vector<std::pair<std::string, std::size_t>>& out) {
    do {
      std::size_t tok = pos_;
      std::string n = name();
      if (op(".") && is_name(1)) {
        ++pos_;
        tok = pos_;
        n = name();
      }
      if (op(".") && op("*", 1)) pos_ += 2;
      out.emplace_back(n, tok);
    } while (accept_op(","));
  }

  std::unique_ptr<CallStmt> call_stmt() {
    auto s = std::make_unique<CallStmt>();
    ++pos_;
    s->procedure = name();
    if (accept_op(".")) s->procedure = name();
    if (accept_op("(")) {
      if (!op(")")) expr_list(s->args);
      expect_op(")");
    }
    return s;
  }

  const std::vector<Token>& t_;
  std::size_t pos_;
  std::size_t end_;
  const std::string& file_;
};

}  // namespace

Statement parse_statement(const std::vector<Token>& tokens, std::size_t begin, std::size_t end,
                          const std::string& file) {
  return Parser(tokens, begin, end, file).statement();
}

}  // namespace ntpmon::sqlgen
