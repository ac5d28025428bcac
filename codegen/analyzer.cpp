#include "analyzer.h"

#include <map>
#include <optional>
#include <set>

#include "annotation.h"
#include "ast.h"
#include "diagnostics.h"
#include "names.h"
#include "parser.h"
#include "sql_render.h"

namespace ntpmon::sqlgen {
namespace {

// A column of a table, derived table, CTE or query result. `type` is empty for untyped
// computed columns of subqueries whose result is only used inside the statement.
struct OutCol {
  std::string name;
  std::optional<SqlType> type;
  int line = 0;
};

std::string quote_identifier(const std::string& name) {
  std::string out = "`";
  for (char c : name) {
    out += c;
    if (c == '`') out += '`';
  }
  return out + "`";
}

struct Source {
  std::string alias;     // the name that qualifies its columns
  std::string describe;  // for messages: "monitors AS m"
  std::vector<OutCol> columns;
  bool forced_nullable = false;  // on the NULL-extended side of an outer join
  std::set<std::string> merged;  // upper-case columns coalesced into an earlier source (USING, NATURAL)

  const OutCol* find(std::string_view name) const {
    for (const auto& c : columns) {
      if (iequals(c.name, name)) return &c;
    }
    return nullptr;
  }
};

struct Scope {
  std::vector<Source> sources;
  const Scope* parent = nullptr;
  const std::vector<OutCol>* aliases = nullptr;  // select-list names for GROUP BY / HAVING / ORDER BY
};

enum class Mode {
  Strict,   // every result column must be typed (query results, derived tables, CTEs)
  Lenient,  // subqueries in expressions, INSERT ... SELECT, results of :exec queries
};

struct ParamUse {
  SqlType type;  // nullable: the argument must be std::optional
  std::string context;
};

class Analyzer {
 public:
  Analyzer(const QueryFile& f, const QueryDecl& q, const Schema& schema)
      : f_(f), q_(q), schema_(schema), toks_(f.lex.tokens) {}

  AnalyzedQuery run() {
    AnalyzedQuery out;
    out.file = &f_;
    out.decl = &q_;
    for (std::size_t i = q_.tok_begin; i < q_.tok_end; ++i) {
      if (toks_[i].kind == TokKind::Positional) {
        fail(i, "positional '?' placeholders are not supported; use a named parameter like :id");
      }
    }
    collect_annotations();
    Statement st = parse_statement(toks_, q_.tok_begin, q_.tok_end, f_.path);
    bool returns_rows = q_.kind == QueryKind::One || q_.kind == QueryKind::Many;
    if (returns_rows && st.kind != Statement::Kind::Select) {
      throw CodegenError(f_.path, q_.line,
                         "query " + q_.name + " is " + std::string(kind_name(q_.kind)) +
                             " but its statement returns no rows (use :exec, :execrows or :execlastid)");
    }
    switch (st.kind) {
      case Statement::Kind::Select: {
        auto cols = analyze_select(*st.select, nullptr, returns_rows ? Mode::Strict : Mode::Lenient);
        if (returns_rows) result_columns(cols, out, st.select->tok);
        break;
      }
      case Statement::Kind::Insert: analyze_insert(*st.insert); break;
      case Statement::Kind::Update: analyze_update(*st.update); break;
      case Statement::Kind::Delete: analyze_delete(*st.del); break;
      case Statement::Kind::Call: {
        Scope empty;
        for (auto& a : st.call->args) visit(*a, empty);
        break;
      }
      case Statement::Kind::Other: break;
    }
    params(out);
    for (const auto& [tok, c] : annotations_) {
      if (!used_annotations_.count(tok)) {
        throw CodegenError(f_.path, c->line,
                           "type annotation /*:" + c->text +
                               "*/ does not follow a result column or a parameter (write it right after the "
                               "alias or the parameter)");
      }
    }
    out.soci_sql = render_sql(f_, q_, Placeholders::Soci, rewrites_);
    out.catalog_sql = render_sql(f_, q_, Placeholders::Question, rewrites_);
    return out;
  }

 private:
  [[noreturn]] void fail(std::size_t tok, const std::string& msg) const {
    throw CodegenError(f_.path, toks_[tok].line, msg);
  }

  // ---- annotations ----
  void collect_annotations() {
    for (const auto& c : f_.lex.comments) {
      if (c.kind != CommentKind::Annotation) continue;
      if (c.tokens_before <= q_.tok_begin || c.tokens_before > q_.tok_end) {
        if (c.tokens_before > q_.tok_begin && c.tokens_before <= q_.tok_end + 1) {
          throw CodegenError(f_.path, c.line, "type annotation /*:" + c.text + "*/ after the end of the statement");
        }
        continue;
      }
      std::size_t tok = c.tokens_before - 1;
      if (annotations_.count(tok)) throw CodegenError(f_.path, c.line, "two type annotations in a row");
      annotations_[tok] = &c;
    }
  }

  std::optional<Annotation> annotation_at(std::size_t tok) {
    auto it = annotations_.find(tok);
    if (it == annotations_.end()) return std::nullopt;
    used_annotations_.insert(tok);
    return parse_annotation(*it->second, schema_, f_.path);
  }

  // ---- tables ----
  const std::vector<OutCol>* find_cte(const std::string& name) const {
    for (auto it = ctes_.rbegin(); it != ctes_.rend(); ++it) {
      if (it->first == name) return &it->second;
    }
    return nullptr;
  }

  Source table_source(const std::string& name, const std::string& alias, std::size_t tok) {
    Source s;
    s.alias = alias.empty() ? name : alias;
    s.describe = alias.empty() || alias == name ? name : name + " AS " + alias;
    if (const auto* cte = find_cte(name)) {
      s.columns = *cte;
      return s;
    }
    const Table* t = schema_.find(name);
    if (!t) fail(tok, "unknown table '" + name + "'");
    for (const auto& c : t->columns) s.columns.push_back(OutCol{c.name, c.type, c.line});
    return s;
  }

  void add_source(Scope& scope, Source s, std::size_t tok) {
    for (const auto& other : scope.sources) {
      if (other.alias == s.alias) fail(tok, "table name or alias '" + s.alias + "' is used twice; give one an alias");
    }
    scope.sources.push_back(std::move(s));
  }

  void add_table_ref(TableRef& r, Scope& scope, const Scope* outer) {
    switch (r.kind) {
      case TableRef::Kind::Table:
        add_source(scope, table_source(r.name, r.alias, r.tok), r.alias.empty() ? r.tok : r.alias_tok);
        break;
      case TableRef::Kind::Derived: {
        Source s;
        s.alias = r.alias;
        s.describe = "derived table " + r.alias;
        s.columns = analyze_select(*r.subquery, outer, Mode::Strict);
        rename(s.columns, r.column_names, r.tok);
        add_source(scope, std::move(s), r.alias_tok);
        break;
      }
      case TableRef::Kind::Group:
        for (auto& g : r.group) add_table_ref(*g, scope, outer);
        break;
      case TableRef::Kind::Join: {
        std::size_t start = scope.sources.size();
        add_table_ref(*r.left, scope, outer);
        std::size_t mid = scope.sources.size();
        add_table_ref(*r.right, scope, outer);
        std::size_t end = scope.sources.size();
        if (r.join == JoinType::Left || r.join == JoinType::NaturalLeft) {
          for (std::size_t i = mid; i < end; ++i) scope.sources[i].forced_nullable = true;
        }
        if (r.join == JoinType::Right || r.join == JoinType::NaturalRight) {
          for (std::size_t i = start; i < mid; ++i) scope.sources[i].forced_nullable = true;
        }
        if (r.on) visit(*r.on, scope);
        for (const auto& [name, tok] : r.using_columns) {
          bool left = false;
          for (std::size_t i = start; i < mid; ++i) left = left || scope.sources[i].find(name);
          std::size_t right = end;
          for (std::size_t i = mid; i < end; ++i) {
            if (scope.sources[i].find(name)) right = i;
          }
          if (!left || right == end) fail(tok, "unknown column '" + name + "' in USING (both sides need it)");
          scope.sources[right].merged.insert(to_upper(name));
        }
        if (r.join == JoinType::Natural || r.join == JoinType::NaturalLeft || r.join == JoinType::NaturalRight) {
          for (std::size_t i = mid; i < end; ++i) {
            for (const auto& c : scope.sources[i].columns) {
              for (std::size_t j = start; j < mid; ++j) {
                if (scope.sources[j].find(c.name)) scope.sources[i].merged.insert(to_upper(c.name));
              }
            }
          }
        }
        break;
      }
    }
  }

  void rename(std::vector<OutCol>& cols, const std::vector<std::string>& names, std::size_t tok) {
    if (names.empty()) return;
    if (names.size() != cols.size()) {
      fail(tok, "column list names " + std::to_string(names.size()) + " columns but the query returns " +
                    std::to_string(cols.size()));
    }
    for (std::size_t i = 0; i < names.size(); ++i) cols[i].name = names[i];
  }

  static std::string describe_sources(const Scope& scope) {
    std::string out;
    for (const Scope* s = &scope; s; s = s->parent) {
      for (const auto& src : s->sources) {
        if (!out.empty()) out += ", ";
        out += src.describe;
      }
    }
    return out.empty() ? "no table in scope" : "searched " + out;
  }

  // ---- column references ----
  std::optional<SqlType> resolve(const Expr& col, const Scope& scope) {
    auto typed = [](const OutCol& c, bool forced) {
      std::optional<SqlType> t = c.type;
      if (t && forced) t->nullable = true;
      return t;
    };
    if (!col.qualifier.empty()) {
      for (const Scope* s = &scope; s; s = s->parent) {
        for (const auto& src : s->sources) {
          if (src.alias != col.qualifier) continue;
          if (const OutCol* c = src.find(col.name)) return typed(*c, src.forced_nullable);
          fail(col.tok, "unknown column '" + col.qualifier + "." + col.name + "' (searched " + src.describe + ")");
        }
      }
      fail(col.tok, "unknown table '" + col.qualifier + "' in column reference " + col.qualifier + "." + col.name +
                        " (" + describe_sources(scope) + ")");
    }
    for (const Scope* s = &scope; s; s = s->parent) {
      if (s->aliases) {
        for (const auto& a : *s->aliases) {
          if (iequals(a.name, col.name)) return a.type;
        }
      }
      const Source* found = nullptr;
      const OutCol* found_col = nullptr;
      for (const auto& src : s->sources) {
        const OutCol* c = src.find(col.name);
        if (!c || src.merged.count(to_upper(col.name))) continue;
        if (found) {
          fail(col.tok, "ambiguous column '" + col.name + "' (in " + found->describe + " and " + src.describe +
                            "); qualify it");
        }
        found = &src;
        found_col = c;
      }
      if (found) return typed(*found_col, found->forced_nullable);
    }
    fail(col.tok, "unknown column '" + col.name + "' (" + describe_sources(scope) + ")");
  }

  // ---- parameter uses ----
  static bool is_param(const Expr* e) { return e && e->kind == ExprKind::Param; }

  void use(const Expr& param, SqlType type, bool optional, const std::string& context) {
    type.nullable = optional;
    uses_[param.tok].push_back(ParamUse{type, context});
  }

  void compare(const Expr* a, const std::optional<SqlType>& ta, const Expr* b, const std::optional<SqlType>& tb) {
    if (is_param(a) && tb) use(*a, *tb, false, "compared with " + describe_expr(*b));
    if (is_param(b) && ta) use(*b, *ta, false, "compared with " + describe_expr(*a));
  }

  std::string describe_expr(const Expr& e) const {
    if (e.kind == ExprKind::Column) return e.qualifier.empty() ? e.name : e.qualifier + "." + e.name;
    return "an expression";
  }

  // Visits an expression; returns the type of a plain column reference.
  std::optional<SqlType> visit(Expr& e, const Scope& scope) {
    switch (e.kind) {
      case ExprKind::Column: return resolve(e, scope);
      case ExprKind::Compare: {
        auto ta = visit(*e.args[0], scope);
        auto tb = visit(*e.args[1], scope);
        compare(e.args[0].get(), ta, e.args[1].get(), tb);
        if (e.args[0]->kind == ExprKind::Row && e.args[1]->kind == ExprKind::Row &&
            e.args[0]->args.size() == e.args[1]->args.size()) {
          for (std::size_t i = 0; i < e.args[0]->args.size(); ++i) {
            Expr* x = e.args[0]->args[i].get();
            Expr* y = e.args[1]->args[i].get();
            std::optional<SqlType> tx = x->kind == ExprKind::Column ? resolve(*x, scope) : std::nullopt;
            std::optional<SqlType> ty = y->kind == ExprKind::Column ? resolve(*y, scope) : std::nullopt;
            compare(x, tx, y, ty);
          }
        }
        for (auto& x : e.extra) visit(*x, scope);
        return std::nullopt;
      }
      case ExprKind::In: {
        auto lhs = visit(*e.args[0], scope);
        for (std::size_t i = 1; i < e.args.size(); ++i) {
          auto t = visit(*e.args[i], scope);
          compare(e.args[0].get(), lhs, e.args[i].get(), t);
        }
        if (e.subquery) {
          auto cols = analyze_select(*e.subquery, &scope, Mode::Lenient);
          if (is_param(e.args[0].get()) && cols.size() == 1 && cols[0].type) {
            use(*e.args[0], *cols[0].type, false, "compared with the subquery column " + cols[0].name);
          }
        }
        return std::nullopt;
      }
      case ExprKind::Between: {
        auto t0 = visit(*e.args[0], scope);
        auto t1 = visit(*e.args[1], scope);
        auto t2 = visit(*e.args[2], scope);
        compare(e.args[0].get(), t0, e.args[1].get(), t1);
        compare(e.args[0].get(), t0, e.args[2].get(), t2);
        return std::nullopt;
      }
      case ExprKind::Case: {
        std::optional<SqlType> operand;
        Expr* op = e.args[0].get();
        if (op) operand = visit(*op, scope);
        // args: operand, (when, then)*, else
        for (std::size_t i = 1; i + 1 < e.args.size(); i += 2) {
          auto tw = visit(*e.args[i], scope);
          if (op) compare(op, operand, e.args[i].get(), tw);
          if (e.args[i + 1]) visit(*e.args[i + 1], scope);
        }
        if (e.args.back()) visit(*e.args.back(), scope);
        return std::nullopt;
      }
      case ExprKind::Subquery:
      case ExprKind::Exists: {
        auto cols = analyze_select(*e.subquery, &scope, Mode::Lenient);
        (void)cols;
        return std::nullopt;
      }
      default:
        for (auto& a : e.args) {
          if (a) visit(*a, scope);
        }
        for (auto& a : e.extra) {
          if (a) visit(*a, scope);
        }
        return std::nullopt;
    }
  }

  void limit_value(Expr* e) {
    if (!e || e->kind != ExprKind::Param) return;
    SqlType t;
    t.kind = BaseKind::Integer;
    t.int_bytes = 4;
    t.is_unsigned = true;
    use(*e, t, false, "LIMIT/OFFSET");
  }

  // ---- SELECT ----
  std::vector<OutCol> analyze_select(Select& s, const Scope* parent, Mode mode) {
    std::size_t saved = ctes_.size();
    for (auto& cte : s.ctes) {
      std::vector<OutCol> cols;
      if (s.recursive && cte.select->cores.size() > 1 && cte.select->ctes.empty()) {
        // The anchor (first branch) types the CTE; the recursive branches may then refer to it.
        Select& body = *cte.select;
        cols = analyze_core_or_nested(body.cores[0], nullptr, Mode::Strict, nullptr);
        rename(cols, cte.columns, cte.tok);
        ctes_.emplace_back(cte.name, cols);
        std::vector<std::vector<OutCol>> branches{cols};
        for (std::size_t i = 1; i < body.cores.size(); ++i) {
          branches.push_back(analyze_core_or_nested(body.cores[i], nullptr, Mode::Strict, nullptr));
        }
        cols = combine(branches, body, Mode::Strict);
        rename(cols, cte.columns, cte.tok);
        ctes_.back().second = cols;
        continue;
      }
      cols = analyze_select(*cte.select, nullptr, Mode::Strict);
      rename(cols, cte.columns, cte.tok);
      ctes_.emplace_back(cte.name, std::move(cols));
    }
    std::vector<OutCol> result;
    if (s.cores.size() == 1 && !s.cores[0].nested) {
      result = analyze_core(s.cores[0], parent, mode, &s);
    } else {
      std::vector<std::vector<OutCol>> branches;
      for (auto& core : s.cores) branches.push_back(analyze_core_or_nested(core, parent, mode, nullptr));
      result = combine(branches, s, mode);
      Scope order_scope;
      order_scope.parent = parent;
      order_scope.aliases = &result;
      for (auto& o : s.order_by) visit(*o, order_scope);
      limit_value(s.limit.get());
      limit_value(s.offset.get());
    }
    ctes_.resize(saved);
    return result;
  }

  std::vector<OutCol> analyze_core_or_nested(SelectCore& core, const Scope* parent, Mode mode, Select* tail) {
    if (core.nested) return analyze_select(*core.nested, parent, mode);
    return analyze_core(core, parent, mode, tail);
  }

  std::vector<OutCol> combine(std::vector<std::vector<OutCol>>& branches, Select& s, Mode mode) {
    std::vector<OutCol> result = branches[0];
    for (std::size_t b = 1; b < branches.size(); ++b) {
      const auto& br = branches[b];
      std::size_t tok = s.cores[b].tok;
      if (br.size() != result.size()) {
        fail(tok, "the branches of this UNION return different numbers of columns (" + std::to_string(result.size()) +
                      " and " + std::to_string(br.size()) + ")");
      }
      for (std::size_t i = 0; i < result.size(); ++i) {
        auto& r = result[i];
        if (!r.type || !br[i].type) {
          r.type.reset();
          continue;
        }
        if (!same_base(*r.type, *br[i].type)) {
          if (r.type->kind == BaseKind::DateTime && br[i].type->kind == BaseKind::DateTime) {
            r.type->fsp = 6;
          } else if (mode == Mode::Strict) {
            throw CodegenError(f_.path, br[i].line,
                               "UNION column '" + r.name + "' is " + cpp_base_type(*r.type) +
                                   " in the first branch but " + cpp_base_type(*br[i].type) + " here");
          } else {
            r.type.reset();
            continue;
          }
        }
        r.type->nullable = r.type->nullable || br[i].type->nullable;
      }
    }
    return result;
  }

  // `tail` carries the ORDER BY / LIMIT of a single-branch SELECT.
  std::vector<OutCol> analyze_core(SelectCore& core, const Scope* parent, Mode mode, Select* tail) {
    Scope scope;
    scope.parent = parent;
    for (auto& r : core.from) add_table_ref(*r, scope, parent);
    if (core.where) visit(*core.where, scope);
    std::vector<OutCol> out;
    for (auto& item : core.items) select_item(item, scope, mode, out);
    if (mode == Mode::Strict) {
      for (std::size_t i = 0; i < out.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
          if (iequals(out[i].name, out[j].name)) {
            throw CodegenError(f_.path, out[i].line,
                               "duplicate result column '" + out[i].name + "'; give one of them an alias");
          }
        }
      }
    }
    scope.aliases = &out;
    for (auto& g : core.group_by) visit(*g, scope);
    if (core.having) visit(*core.having, scope);
    for (auto& w : core.windows) visit(*w, scope);
    if (tail) {
      for (auto& o : tail->order_by) visit(*o, scope);
      limit_value(tail->limit.get());
      limit_value(tail->offset.get());
    }
    return out;
  }

  void select_item(SelectItem& item, const Scope& scope, Mode mode, std::vector<OutCol>& out) {
    int line = toks_[item.first_tok].line;
    if (item.star) {
      // The generated SQL names the columns instead of '*', so the result matches the struct
      // even on a database whose tables have extra columns or another column order.
      bool any = false;
      std::string expansion;
      for (const auto& src : scope.sources) {
        if (!item.star_qualifier.empty() && src.alias != item.star_qualifier) continue;
        any = true;
        for (const auto& c : src.columns) {
          if (item.star_qualifier.empty() && src.merged.count(to_upper(c.name))) continue;
          OutCol oc = c;
          if (oc.type && src.forced_nullable) oc.type->nullable = true;
          oc.line = line;
          out.push_back(std::move(oc));
          if (!expansion.empty()) expansion += ", ";
          expansion += quote_identifier(src.alias) + "." + quote_identifier(c.name);
        }
      }
      if (any) rewrites_[item.first_tok] = {item.expr_last_tok, expansion};
      if (!any) {
        if (!item.star_qualifier.empty()) {
          fail(item.first_tok, "unknown table '" + item.star_qualifier + "' in " + item.star_qualifier + ".* (" +
                                   describe_sources(scope) + ")");
        }
        fail(item.first_tok, "SELECT * needs a FROM clause");
      }
      return;
    }
    std::optional<SqlType> plain = visit(*item.expr, scope);
    bool is_column = item.expr->kind == ExprKind::Column;
    std::optional<Annotation> ann;
    if (item.has_alias) ann = annotation_at(item.alias_tok);
    if (!ann) ann = annotation_at(item.expr_last_tok);
    OutCol oc;
    oc.line = line;
    oc.name = item.has_alias ? item.alias : (is_column ? item.expr->name : std::string());
    if (is_column) {
      oc.type = ann ? annotated_type(*ann, plain) : plain;
    } else {
      if (ann) {
        if (!ann->type) {
          throw CodegenError(f_.path, ann->line,
                             "the annotation of a computed column needs a type, not only null / not null");
        }
        oc.type = annotated_type(*ann, std::nullopt);
      }
      if (mode == Mode::Strict) {
        if (!item.has_alias) {
          fail(item.first_tok, "computed column needs an alias and a type: <expression> AS name /*: type */");
        }
        if (!ann) {
          fail(item.alias_tok, "computed column '" + item.alias + "' needs a type annotation: AS " + item.alias +
                                   " /*: type */");
        }
      }
    }
    out.push_back(std::move(oc));
  }

  void result_columns(const std::vector<OutCol>& cols, AnalyzedQuery& out, std::size_t tok) {
    (void)tok;
    for (const auto& c : cols) {
      if (!is_identifier(c.name)) {
        throw CodegenError(f_.path, c.line,
                           "result column name '" + c.name + "' is not a valid C++ identifier; give it an alias");
      }
      ResultColumn rc;
      rc.name = c.name;
      rc.field = cpp_identifier(c.name);
      rc.type = *c.type;
      out.columns.push_back(std::move(rc));
    }
  }

  // ---- INSERT / UPDATE / DELETE ----
  void assign(Assignment& a, const Scope& scope, const std::string& verb) {
    std::optional<SqlType> t = resolve(*a.column, scope);
    visit(*a.value, scope);
    if (is_param(a.value.get()) && t) {
      use(*a.value, *t, t->nullable, verb + " " + describe_expr(*a.column));
    }
  }

  void analyze_insert(InsertStmt& s) {
    Scope scope;
    add_source(scope, table_source(s.table, "", s.table_tok), s.table_tok);
    const Source& target = scope.sources[0];
    std::vector<const OutCol*> cols;
    if (s.has_columns) {
      for (const auto& [name, tok] : s.columns) {
        const OutCol* c = target.find(name);
        if (!c) fail(tok, "unknown column '" + name + "' (searched " + target.describe + ")");
        cols.push_back(c);
      }
    } else {
      for (const auto& c : target.columns) cols.push_back(&c);
    }
    auto bind_value = [&](Expr& v, const OutCol& c) {
      if (is_param(&v) && c.type) use(v, *c.type, c.type->nullable, "inserted into " + s.table + "." + c.name);
    };
    for (auto& row : s.rows) {
      if (row.size() != cols.size()) {
        fail(row.empty() ? s.table_tok : row[0]->tok,
             "INSERT into " + s.table + " names " + std::to_string(cols.size()) + " columns but has " +
                 std::to_string(row.size()) + " values");
      }
      for (std::size_t i = 0; i < row.size(); ++i) {
        visit(*row[i], scope);
        bind_value(*row[i], *cols[i]);
      }
    }
    if (s.select) {
      for (auto& core : s.select->cores) {
        if (core.nested) continue;
        bool star = false;
        for (const auto& it : core.items) star = star || it.star;
        if (!star && core.items.size() != cols.size()) {
          fail(core.tok, "INSERT into " + s.table + " names " + std::to_string(cols.size()) +
                             " columns but the SELECT returns " + std::to_string(core.items.size()));
        }
        if (star) continue;
        for (std::size_t i = 0; i < core.items.size(); ++i) bind_value(*core.items[i].expr, *cols[i]);
      }
      analyze_select(*s.select, nullptr, Mode::Lenient);
    }
    for (auto& a : s.set) assign(a, scope, "assigned to");
    for (auto& a : s.on_duplicate) assign(a, scope, "assigned to");
  }

  void analyze_update(UpdateStmt& s) {
    Scope scope;
    for (auto& r : s.tables) add_table_ref(*r, scope, nullptr);
    for (auto& a : s.set) {
      // The target's own nullability decides std::optional, not an outer join.
      std::optional<SqlType> t = resolve(*a.column, scope);
      visit(*a.value, scope);
      if (is_param(a.value.get()) && t) {
        bool nullable = t->nullable;
        for (const auto& src : scope.sources) {
          if ((a.column->qualifier.empty() || src.alias == a.column->qualifier) && src.find(a.column->name) &&
              src.find(a.column->name)->type) {
            nullable = src.find(a.column->name)->type->nullable;
            break;
          }
        }
        use(*a.value, *t, nullable, "assigned to " + describe_expr(*a.column));
      }
    }
    if (s.where) visit(*s.where, scope);
    for (auto& o : s.order_by) visit(*o, scope);
    limit_value(s.limit.get());
  }

  void analyze_delete(DeleteStmt& s) {
    Scope scope;
    for (auto& r : s.from) add_table_ref(*r, scope, nullptr);
    for (const auto& [name, tok] : s.targets) {
      bool found = false;
      for (const auto& src : scope.sources) found = found || src.alias == name;
      if (!found) fail(tok, "unknown table '" + name + "' in DELETE (" + describe_sources(scope) + ")");
    }
    if (s.where) visit(*s.where, scope);
    for (auto& o : s.order_by) visit(*o, scope);
    limit_value(s.limit.get());
  }

  // ---- parameters ----
  void params(AnalyzedQuery& out) {
    std::map<std::string, std::size_t> index;
    std::vector<int> first_line;
    std::vector<std::string> first_context;
    std::vector<bool> typed;
    for (std::size_t i = q_.tok_begin; i < q_.tok_end; ++i) {
      const Token& t = toks_[i];
      if (t.kind != TokKind::Param) continue;
      auto [it, inserted] = index.emplace(t.text, out.params.size());
      std::size_t p = it->second;
      if (inserted) {
        QueryParam qp;
        qp.name = t.text;
        out.params.push_back(qp);
        first_line.push_back(t.line);
        first_context.emplace_back();
        typed.push_back(false);
      }
      out.placeholders.push_back(p);
      std::vector<ParamUse> uses;
      if (auto ann = annotation_at(i)) {
        auto at = annotated_type(*ann, std::nullopt);
        if (!at) {
          throw CodegenError(f_.path, ann->line,
                             "the annotation of parameter :" + t.text + " needs a type, not only null / not null");
        }
        uses.push_back(ParamUse{*at, "annotated"});
      }
      if (auto u = uses_.find(i); u != uses_.end()) uses.insert(uses.end(), u->second.begin(), u->second.end());
      QueryParam& qp = out.params[p];
      for (const auto& u : uses) {
        if (!typed[p]) {
          qp.type = u.type;
          typed[p] = true;
          first_line[p] = t.line;
          first_context[p] = u.context;
          continue;
        }
        if (!same_base(qp.type, u.type)) {
          if (qp.type.kind == BaseKind::DateTime && u.type.kind == BaseKind::DateTime) {
            qp.type.fsp = 6;
          } else {
            fail(i, "parameter :" + t.text + " is used with two types: " + cpp_base_type(qp.type) + " (" +
                        first_context[p] + ", line " + std::to_string(first_line[p]) + ") and " +
                        cpp_base_type(u.type) + " (" + u.context + ")");
          }
        }
        qp.type.nullable = qp.type.nullable || u.type.nullable;
      }
    }
    for (std::size_t p = 0; p < out.params.size(); ++p) {
      if (!typed[p]) {
        const auto& name = out.params[p].name;
        throw CodegenError(f_.path, first_line[p],
                           "cannot infer the type of parameter :" + name + "; annotate it: :" + name +
                               " /*: type */");
      }
    }
    std::set<std::string> taken = {"session", "st", "result"};
    for (auto& qp : out.params) {
      std::string n = cpp_identifier(qp.name);
      while (taken.count(n)) n += '_';
      taken.insert(n);
      qp.cpp_name = n;
    }
  }

  const QueryFile& f_;
  const QueryDecl& q_;
  const Schema& schema_;
  const std::vector<Token>& toks_;
  std::map<std::size_t, const Comment*> annotations_;
  std::set<std::size_t> used_annotations_;
  std::map<std::size_t, std::vector<ParamUse>> uses_;
  std::vector<std::pair<std::string, std::vector<OutCol>>> ctes_;
  Rewrites rewrites_;
};

}  // namespace

AnalyzedQuery analyze_query(const QueryFile& file, const QueryDecl& decl, const Schema& schema) {
  return Analyzer(file, decl, schema).run();
}

}  // namespace ntpmon::sqlgen
