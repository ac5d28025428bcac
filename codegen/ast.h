// Syntax tree of the statements sqlgen understands, with token indices for messages.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace ntpmon::sqlgen {

struct Select;
struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

enum class ExprKind {
  Column,    // [qualifier.]name
  Param,     // :name
  Literal,   // number, string, TRUE/FALSE, typed literal
  Null,      // NULL
  Star,      // the * of COUNT(*)
  Func,      // name(args) [OVER (...)]; window expressions in `extra`
  Unary,     // op args[0]
  Binary,    // args[0] op args[1] (arithmetic, logical, bitwise)
  Compare,   // args[0] op args[1] with op in = <=> <> != < <= > >= LIKE REGEXP
  In,        // args[0] [NOT] IN (args[1..]) or (subquery)
  Between,   // args[0] [NOT] BETWEEN args[1] AND args[2]
  Is,        // args[0] IS [NOT] NULL/TRUE/FALSE/UNKNOWN
  Case,      // args[0] = operand (may be null), then WHEN/THEN pairs, then ELSE (may be null)
  Subquery,  // (SELECT ...), also ANY/ALL (SELECT ...)
  Exists,    // EXISTS (SELECT ...)
  Row,       // (a, b, ...)
  Interval,  // INTERVAL args[0] unit
  Default,   // DEFAULT
  Variable,  // @x
};

struct Expr {
  ExprKind kind = ExprKind::Literal;
  std::size_t tok = 0;       // first token
  std::size_t last_tok = 0;  // last token
  std::string name;          // Column: column; Param: name; Func: upper-case name; operators: op
  std::string qualifier;     // Column: table or alias (empty when unqualified)
  std::vector<ExprPtr> args;
  std::vector<ExprPtr> extra;  // Func: PARTITION BY / ORDER BY / GROUP_CONCAT ORDER BY expressions
  std::unique_ptr<Select> subquery;
  bool negated = false;
};

struct TableRef;
using TableRefPtr = std::unique_ptr<TableRef>;

enum class JoinType { Inner, Left, Right, Cross, Natural, NaturalLeft, NaturalRight };

struct TableRef {
  enum class Kind { Table, Derived, Join, Group };
  Kind kind = Kind::Table;
  std::size_t tok = 0;
  // Table
  std::string name;
  std::string alias;  // also Derived
  std::size_t alias_tok = 0;
  // Derived
  std::unique_ptr<Select> subquery;
  std::vector<std::string> column_names;  // (a, b) after the alias
  // Join
  JoinType join = JoinType::Inner;
  TableRefPtr left;
  TableRefPtr right;
  ExprPtr on;
  std::vector<std::pair<std::string, std::size_t>> using_columns;
  // Group: ( refs )
  std::vector<TableRefPtr> group;
};

struct SelectItem {
  ExprPtr expr;                 // null for * and t.*
  bool star = false;
  std::string star_qualifier;  // t of t.*
  std::string alias;
  bool has_alias = false;
  std::size_t first_tok = 0;
  std::size_t expr_last_tok = 0;
  std::size_t alias_tok = 0;
};

struct SelectCore {
  std::size_t tok = 0;
  std::unique_ptr<Select> nested;  // a parenthesised query expression used as a UNION branch
  std::vector<SelectItem> items;
  std::vector<TableRefPtr> from;
  ExprPtr where;
  std::vector<ExprPtr> group_by;
  ExprPtr having;
  std::vector<ExprPtr> windows;  // expressions of WINDOW w AS (...)
};

struct Cte {
  std::string name;
  std::size_t tok = 0;
  std::vector<std::string> columns;
  std::unique_ptr<Select> select;
};

struct Select {
  std::size_t tok = 0;
  bool recursive = false;
  std::vector<Cte> ctes;
  std::vector<SelectCore> cores;  // UNION / EXCEPT / INTERSECT branches
  std::vector<ExprPtr> order_by;
  ExprPtr limit;
  ExprPtr offset;
};

struct Assignment {
  ExprPtr column;  // a Column expression
  ExprPtr value;
};

struct InsertStmt {
  std::string table;
  std::size_t table_tok = 0;
  bool has_columns = false;
  std::vector<std::pair<std::string, std::size_t>> columns;
  std::vector<std::vector<ExprPtr>> rows;  // VALUES
  std::unique_ptr<Select> select;          // INSERT ... SELECT
  std::vector<Assignment> set;             // INSERT ... SET
  std::vector<Assignment> on_duplicate;
};

struct UpdateStmt {
  std::vector<TableRefPtr> tables;
  std::vector<Assignment> set;
  ExprPtr where;
  std::vector<ExprPtr> order_by;
  ExprPtr limit;
};

struct DeleteStmt {
  std::vector<std::pair<std::string, std::size_t>> targets;  // multi-table form
  std::vector<TableRefPtr> from;
  ExprPtr where;
  std::vector<ExprPtr> order_by;
  ExprPtr limit;
};

struct CallStmt {
  std::string procedure;
  std::vector<ExprPtr> args;
};

struct Statement {
  enum class Kind { Select, Insert, Update, Delete, Call, Other };
  Kind kind = Kind::Other;
  std::size_t tok = 0;
  std::unique_ptr<Select> select;
  std::unique_ptr<InsertStmt> insert;
  std::unique_ptr<UpdateStmt> update;
  std::unique_ptr<DeleteStmt> del;
  std::unique_ptr<CallStmt> call;
};

}  // namespace ntpmon::sqlgen
