// Every error of sqlgen: exit status 1 and exactly "file:line: message" on stderr.
#include <gtest/gtest.h>

#include <map>

#include "sqlgen_runner.h"

namespace ntpmon::sqlgen::test {
namespace {

namespace fs = std::filesystem;

struct ErrorCase {
  std::string name;
  std::map<std::string, std::string> files;  // query files (and "schema.sql" to replace the fixture schema)
  std::string expected;                       // stderr without the trailing newline
};

std::ostream& operator<<(std::ostream& os, const ErrorCase& c) { return os << c.name; }

const std::vector<ErrorCase>& cases() {
  static const std::vector<ErrorCase> k = {
      // ---- names ----
      {"UnknownTable",
       {{"q.sql", "-- name: Q :many\nSELECT id\nFROM nope;\n"}},
       "q.sql:3: unknown table 'nope'"},
      {"UnknownTableInJoin",
       {{"q.sql", "-- name: Q :many\nSELECT h.id FROM hosts h\n  LEFT JOIN sample s ON s.host_id = h.id;\n"}},
       "q.sql:3: unknown table 'sample'"},
      {"UnknownColumn",
       {{"q.sql", "-- name: Q :many\nSELECT id,\n  nope\nFROM hosts;\n"}},
       "q.sql:3: unknown column 'nope' (searched hosts)"},
      {"UnknownColumnInWhereOfJoin",
       {{"q.sql", "-- name: Q :many\nSELECT h.id FROM hosts h JOIN samples s ON s.host_id = h.id\n"
                  "WHERE colour = 'red';\n"}},
       "q.sql:3: unknown column 'colour' (searched hosts AS h, samples AS s)"},
      {"UnknownQualifiedColumn",
       {{"q.sql", "-- name: Q :many\nSELECT h.id FROM hosts h WHERE h.colour = 'red';\n"}},
       "q.sql:2: unknown column 'h.colour' (searched hosts AS h)"},
      {"UnknownQualifier",
       {{"q.sql", "-- name: Q :many\nSELECT x.id FROM hosts h;\n"}},
       "q.sql:2: unknown table 'x' in column reference x.id (searched hosts AS h)"},
      {"AliasHidesTableName",
       {{"q.sql", "-- name: Q :many\nSELECT hosts.id FROM hosts h;\n"}},
       "q.sql:2: unknown table 'hosts' in column reference hosts.id (searched hosts AS h)"},
      {"UnknownColumnInSubquery",
       {{"q.sql", "-- name: Q :many\nSELECT id FROM hosts h\nWHERE EXISTS (SELECT 1 FROM samples s\n"
                  "  WHERE s.host_id = h.id AND s.nope > 0);\n"}},
       "q.sql:4: unknown column 's.nope' (searched samples AS s)"},
      {"UnknownColumnInOuterScope",
       {{"q.sql", "-- name: Q :many\nSELECT id FROM hosts h\nWHERE EXISTS (SELECT 1 FROM samples s\n"
                  "  WHERE s.host_id = h.id AND wat > 0);\n"}},
       "q.sql:4: unknown column 'wat' (searched samples AS s, hosts AS h)"},
      {"UnknownColumnInInsert",
       {{"q.sql", "-- name: Q :exec\nINSERT INTO hosts (name, colour) VALUES (:name, :colour);\n"}},
       "q.sql:2: unknown column 'colour' (searched hosts)"},
      {"UnknownColumnInUpdate",
       {{"q.sql", "-- name: Q :exec\nUPDATE hosts\nSET colour = :c WHERE id = :id;\n"}},
       "q.sql:3: unknown column 'colour' (searched hosts)"},
      {"UnknownColumnOfDerivedTable",
       {{"q.sql", "-- name: Q :many\nSELECT d.total FROM\n  (SELECT host_id, COUNT(*) AS n /*: bigint */ "
                  "FROM samples GROUP BY host_id) AS d;\n"}},
       "q.sql:2: unknown column 'd.total' (searched derived table d)"},
      {"UnknownColumnOfCte",
       {{"q.sql", "-- name: Q :many\nWITH c AS (SELECT host_id FROM samples)\nSELECT c.id FROM c;\n"}},
       "q.sql:3: unknown column 'c.id' (searched c)"},
      {"AmbiguousColumn",
       {{"q.sql", "-- name: Q :many\nSELECT id FROM hosts JOIN samples ON samples.host_id = hosts.id;\n"}},
       "q.sql:2: ambiguous column 'id' (in hosts and samples); qualify it"},
      {"SelectAliasNotVisibleInWhere",
       {{"q.sql", "-- name: Q :many\nSELECT id AS host FROM hosts WHERE host = 1;\n"}},
       "q.sql:2: unknown column 'host' (searched hosts)"},
      // ---- parameters ----
      {"ParamWithTwoTypes",
       {{"q.sql", "-- name: Q :many\nSELECT id FROM hosts\nWHERE id = :x\n  OR name = :x;\n"}},
       "q.sql:4: parameter :x is used with two types: std::uint32_t (compared with id, line 3) and std::string "
       "(compared with name)"},
      {"ParamAnnotationContradictsContext",
       {{"q.sql", "-- name: Q :many\nSELECT id FROM hosts WHERE id = :x /*: bigint */;\n"}},
       "q.sql:2: parameter :x is used with two types: std::int64_t (annotated, line 2) and std::uint32_t "
       "(compared with id)"},
      {"ParamWithoutType",
       {{"q.sql", "-- name: Q :many\nSELECT id FROM hosts\nWHERE created_on > DATE_SUB(NOW(), INTERVAL :n DAY);\n"}},
       "q.sql:3: cannot infer the type of parameter :n; annotate it: :n /*: type */"},
      {"PositionalPlaceholder",
       {{"q.sql", "-- name: Q :one\nSELECT id FROM hosts\nWHERE id = ?;\n"}},
       "q.sql:3: positional '?' placeholders are not supported; use a named parameter like :id"},
      // ---- result columns ----
      {"ComputedColumnWithoutAnnotation",
       {{"q.sql", "-- name: Q :one\nSELECT COUNT(*) AS n\nFROM hosts;\n"}},
       "q.sql:2: computed column 'n' needs a type annotation: AS n /*: type */"},
      {"ComputedColumnWithoutAlias",
       {{"q.sql", "-- name: Q :one\nSELECT id,\n  COUNT(*) /*: bigint */\nFROM hosts GROUP BY id;\n"}},
       "q.sql:3: computed column needs an alias and a type: <expression> AS name /*: type */"},
      {"ComputedColumnInDerivedTableWithoutAnnotation",
       {{"q.sql", "-- name: Q :many\nSELECT d.n FROM (SELECT COUNT(*) AS n FROM samples) AS d;\n"}},
       "q.sql:2: computed column 'n' needs a type annotation: AS n /*: type */"},
      {"DuplicateResultColumn",
       {{"q.sql", "-- name: Q :many\nSELECT h.id, s.id\nFROM hosts h JOIN samples s ON s.host_id = h.id;\n"}},
       "q.sql:2: duplicate result column 'id'; give one of them an alias"},
      {"UnionBranchTypesDiffer",
       {{"q.sql", "-- name: Q :many\nSELECT id FROM hosts\nUNION ALL\nSELECT name FROM hosts;\n"}},
       "q.sql:4: UNION column 'id' is std::uint32_t in the first branch but std::string here"},
      {"BadAnnotationType",
       {{"q.sql", "-- name: Q :one\nSELECT COUNT(*) AS n /*: integr */ FROM hosts;\n"}},
       "q.sql:2: unknown type 'integr' in annotation /*: integr */ (expected a type such as bigint, int "
       "unsigned, double, varchar, datetime, datetime(6), date, tinyint(1), or table.column, optionally "
       "followed by null or not null)"},
      {"AnnotationNamesUnknownColumn",
       {{"q.sql", "-- name: Q :one\nSELECT MAX(kind) AS k /*: hosts.knd */ FROM hosts;\n"}},
       "q.sql:2: type annotation /*: hosts.knd */ names unknown column 'hosts.knd'"},
      {"MisplacedAnnotation",
       {{"q.sql", "-- name: Q :many\nSELECT id FROM hosts /*: int */ WHERE id > 3;\n"}},
       "q.sql:2: type annotation /*: int */ does not follow a result column or a parameter (write it right "
       "after the alias or the parameter)"},
      // ---- headers and statements ----
      {"UnknownKind",
       {{"q.sql", "-- name: Q :some\nSELECT id FROM hosts;\n"}},
       "q.sql:1: malformed query header: unknown query kind ':some' for Q (one of :one, :many, :exec, "
       ":execrows, :execlastid)"},
      {"MissingName",
       {{"q.sql", "-- a comment\n-- name: :one\nSELECT id FROM hosts;\n"}},
       "q.sql:2: malformed query header: missing query name before :one"},
      {"EmptyHeader",
       {{"q.sql", "-- name:\nSELECT id FROM hosts;\n"}},
       "q.sql:1: malformed query header: missing query name (expected '-- name: Name :kind')"},
      {"MissingKind",
       {{"q.sql", "-- name: Q\nSELECT id FROM hosts;\n"}},
       "q.sql:1: malformed query header: missing query kind after Q (one of :one, :many, :exec, :execrows, "
       ":execlastid)"},
      {"HeaderWithoutStatement",
       {{"q.sql", "-- name: A :exec\n\n-- name: B :exec\nDELETE FROM hosts;\n"}},
       "q.sql:1: query A has no statement"},
      {"HeaderAtEndOfFile",
       {{"q.sql", "-- name: A :exec\nDELETE FROM hosts;\n\n-- name: B :many\n"}},
       "q.sql:4: query B has no statement"},
      {"MissingSemicolon",
       {{"q.sql", "-- name: A :exec\nDELETE FROM hosts\nWHERE id = :id\n"}},
       "q.sql:3: query A: statement does not end with ';'"},
      {"TwoStatementsInOneQuery",
       {{"q.sql", "-- name: A :exec\nDELETE FROM hosts;\nDELETE FROM samples;\n"}},
       "q.sql:3: SQL after the end of query A: one statement per query; start another with '-- name: Name "
       ":kind'"},
      {"SqlBeforeFirstHeader",
       {{"q.sql", "-- helpers\nSELECT 1;\n-- name: A :exec\nDELETE FROM hosts;\n"}},
       "q.sql:2: SQL outside a query: start each query with '-- name: Name :kind'"},
      {"DuplicateQueryNameInOneFile",
       {{"q.sql", "-- name: A :exec\nDELETE FROM hosts;\n\n-- name: A :exec\nDELETE FROM samples;\n"}},
       "q.sql:4: duplicate query name 'A' (first defined at q.sql:1)"},
      {"DuplicateQueryNameAcrossFiles",
       {{"a.sql", "-- name: A :exec\nDELETE FROM hosts;\n"}, {"b.sql", "\n\n-- name: A :exec\nDELETE FROM samples;\n"}},
       "b.sql:3: duplicate query name 'A' (first defined at a.sql:1)"},
      {"OneWithoutResult",
       {{"q.sql", "-- name: A :one\nDELETE FROM hosts;\n"}},
       "q.sql:1: query A is :one but its statement returns no rows (use :exec, :execrows or :execlastid)"},
      {"SyntaxError",
       {{"q.sql", "-- name: A :many\nSELECT id FROM hosts\nWHERE id = = 3;\n"}},
       "q.sql:3: syntax error near '=': expected an expression"},
      {"InsertValueCount",
       {{"q.sql", "-- name: A :exec\nINSERT INTO hosts (name, kind)\nVALUES (:name);\n"}},
       "q.sql:3: INSERT into hosts names 2 columns but has 1 values"},
      {"UnterminatedString",
       {{"q.sql", "-- name: A :exec\nDELETE FROM hosts WHERE name = 'x;\n"}},
       "q.sql:2: unterminated string literal"},
      // ---- schema ----
      {"SchemaParseError",
       {{"schema.sql", "CREATE TABLE t (\n  id int unsigned NOT NULL,\n  name varchar(10) NOT NULL\n;\n"},
        {"q.sql", "-- name: A :exec\nDELETE FROM t;\n"}},
       "schema.sql:4: schema: expected ')' near ';'"},
      {"SchemaUnsupportedType",
       {{"schema.sql", "CREATE TABLE t (\n  id int,\n  shape geometry\n);\n"},
        {"q.sql", "-- name: A :exec\nDELETE FROM t;\n"}},
       "schema.sql:3: schema: unsupported type 'geometry' of column t.shape"},
      {"SchemaDuplicateTable",
       {{"schema.sql", "CREATE TABLE t (id int);\n\nCREATE TABLE t (id int);\n"},
        {"q.sql", "-- name: A :exec\nDELETE FROM t;\n"}},
       "schema.sql:3: schema: duplicate table 't'"},
  };
  return k;
}

class SqlgenErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(SqlgenErrors, ExitsWithFileLineMessage) {
  const ErrorCase& c = GetParam();
  fs::path dir = make_temp_dir(c.name);
  if (!c.files.count("schema.sql")) {
    write_text(dir / "schema.sql",
               read_text(fs::path(NTPMON_SOURCE_DIR) / "tests/unit/codegen/fixtures/schema.sql"));
  }
  std::vector<std::string> args = {"--schema", "schema.sql", "--out", "out"};
  for (const auto& [name, text] : c.files) {
    write_text(dir / name, text);
    if (name != "schema.sql") args.push_back(name);
  }
  RunResult r = run_sqlgen(dir, args);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, c.expected + "\n");
  EXPECT_FALSE(fs::exists(dir / "out")) << "nothing is written on error";
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Cases, SqlgenErrors, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<ErrorCase>& info) { return info.param.name; });

}  // namespace
}  // namespace ntpmon::sqlgen::test
