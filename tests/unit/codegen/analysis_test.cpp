// Unit tests of sqlgen's parts: lexing of parameters, SQL rendering, result column types,
// parameter type inference, header parsing.
#include <gtest/gtest.h>

#include <memory>

#include "analyzer.h"
#include "annotation.h"
#include "diagnostics.h"
#include "lexer.h"
#include "query_file.h"
#include "schema.h"
#include "sqlgen_runner.h"

namespace ntpmon::sqlgen {
namespace {

const Schema& fixture_schema() {
  static const Schema s = parse_schema(
      test::read_text(std::filesystem::path(NTPMON_SOURCE_DIR) / "tests/unit/codegen/fixtures/schema.sql"),
      "schema.sql");
  return s;
}

struct Analyzed {
  std::unique_ptr<QueryFile> file;
  AnalyzedQuery q;
};

Analyzed analyze(const std::string& kind, const std::string& body) {
  Analyzed a;
  a.file = std::make_unique<QueryFile>(parse_query_file("-- name: Q " + kind + "\n" + body + ";\n", "q.sql"));
  a.q = analyze_query(*a.file, a.file->queries.at(0), fixture_schema());
  return a;
}

std::string params_of(const AnalyzedQuery& q) {
  std::string out;
  for (const auto& p : q.params) out += (out.empty() ? "" : ", ") + p.name + ": " + cpp_type(p.type);
  return out;
}

std::string columns_of(const AnalyzedQuery& q) {
  std::string out;
  for (const auto& c : q.columns) out += (out.empty() ? "" : ", ") + c.name + ": " + cpp_type(c.type);
  return out;
}

std::string error_of(const std::string& kind, const std::string& body) {
  try {
    analyze(kind, body);
  } catch (const CodegenError& e) {
    return e.formatted();
  }
  return "no error";
}

// ---- lexer ----

TEST(SqlgenLexer, ParametersOnlyOutsideLiteralsCommentsAndIdentifiers) {
  LexResult lx = lex(
      "SELECT ':a', \":b\", `c:d`, @x := 1, :real -- :comment\n"
      "/* :block */ # :hash\n"
      "FROM t WHERE x = :other_1",
      "f");
  std::vector<std::string> params;
  for (const auto& t : lx.tokens) {
    if (t.kind == TokKind::Param) params.push_back(t.text);
  }
  EXPECT_EQ(params, (std::vector<std::string>{"real", "other_1"}));
  ASSERT_EQ(lx.comments.size(), 3u);
  EXPECT_EQ(lx.comments[0].kind, CommentKind::Line);
  EXPECT_EQ(lx.comments[1].kind, CommentKind::Block);
  EXPECT_EQ(lx.comments[2].kind, CommentKind::Line);
}

TEST(SqlgenLexer, AnnotationCommentsAndLines) {
  LexResult lx = lex("SELECT\n  COUNT(*) AS n /*: bigint */\nFROM t", "f");
  ASSERT_EQ(lx.comments.size(), 1u);
  EXPECT_EQ(lx.comments[0].kind, CommentKind::Annotation);
  EXPECT_EQ(lx.comments[0].text, " bigint ");
  EXPECT_EQ(lx.comments[0].line, 2);
  EXPECT_EQ(lx.comments[0].tokens_before, 7u);  // after "n"
  EXPECT_EQ(lx.tokens.back().line, 3);
}

TEST(SqlgenLexer, DoubleDashNeedsASpaceToStartAComment) {
  LexResult lx = lex("SELECT 1--2", "f");
  EXPECT_TRUE(lx.comments.empty());
  EXPECT_EQ(lx.tokens.size(), 5u);  // SELECT 1 - - 2
}

// ---- rendering ----

TEST(SqlgenRender, PlaceholdersCommentsAndQuotes) {
  auto a = analyze(":many",
                   "SELECT id /* the id */ FROM hosts -- trailing\n"
                   "WHERE name = \"it's :x\" AND id = :id /*: int unsigned */ OR :id < 100\n"
                   "  AND notes <> 'a:b'");
  EXPECT_EQ(a.q.soci_sql,
            "SELECT id FROM hosts WHERE name = 'it''s :x' AND id = :p1 OR :p2 < 100 AND notes <> 'a:b'");
  EXPECT_EQ(a.q.catalog_sql, "SELECT id FROM hosts WHERE name = 'it''s :x' AND id = ? OR ? < 100 AND notes <> 'a:b'");
  EXPECT_EQ(a.q.placeholders, (std::vector<std::size_t>{0, 0}));
}

TEST(SqlgenRender, DoubleQuotedStringsBecomeSingleQuoted) {
  auto a = analyze(":many", "SELECT id FROM hosts WHERE name IN (\"a\"\"b\", \"c\\\"d\", \"e'f\")");
  EXPECT_EQ(a.q.catalog_sql, "SELECT id FROM hosts WHERE name IN ('a\"b', 'c\\\"d', 'e''f')");
}

TEST(SqlgenRender, ExpandsStars) {
  auto a = analyze(":many",
                   "SELECT l.*, h.kind FROM labels l JOIN hosts h ON h.id = l.host_id "
                   "WHERE EXISTS (SELECT * FROM samples s JOIN labels USING (host_id) WHERE s.id = 1)");
  EXPECT_EQ(a.q.catalog_sql,
            "SELECT `l`.`host_id`, `l`.`label`, `l`.`weight`, h.kind FROM labels l JOIN hosts h ON h.id = l.host_id "
            "WHERE EXISTS (SELECT `s`.`id`, `s`.`host_id`, `s`.`ts`, `s`.`value`, `s`.`delta`, `s`.`level`, "
            "`s`.`offset`, `s`.`counter`, `s`.`small`, `s`.`updated`, `labels`.`label`, `labels`.`weight` FROM "
            "samples s JOIN labels USING (host_id) WHERE s.id = 1)");
}

TEST(SqlgenRender, KeepsOptimizerHints) {
  auto a = analyze(":many", "SELECT /*+ MAX_EXECUTION_TIME(1000) */ id FROM hosts");
  EXPECT_EQ(a.q.catalog_sql, "SELECT /*+ MAX_EXECUTION_TIME(1000) */ id FROM hosts");
}

TEST(SqlgenRender, RejectsWhatSociWouldMisparse) {
  EXPECT_EQ(error_of(":exec", "SELECT 1 AS `a:b` /*: int */"),
            "q.sql:2: identifier `a:b` contains ':' or a quote, which the soci MySQL backend would misparse");
}

// ---- result columns ----

struct ColumnsCase {
  std::string name;
  std::string sql;
  std::string columns;
};

class SqlgenColumns : public ::testing::TestWithParam<ColumnsCase> {};

TEST_P(SqlgenColumns, Types) {
  auto a = analyze(":many", GetParam().sql);
  EXPECT_EQ(columns_of(a.q), GetParam().columns);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SqlgenColumns,
    ::testing::Values(
        ColumnsCase{"AllTypes", "SELECT * FROM samples",
                    "id: std::uint64_t, host_id: std::uint32_t, ts: std::chrono::sys_seconds, value: double, "
                    "delta: std::optional<std::int32_t>, level: std::uint8_t, offset: std::optional<double>, "
                    "counter: std::int64_t, small: std::optional<std::int8_t>, updated: std::chrono::sys_seconds"},
        ColumnsCase{"PrimaryKeyIsNotNull", "SELECT host_id, label, weight FROM labels",
                    "host_id: std::uint32_t, label: std::string, weight: double"},
        ColumnsCase{"LeftJoinMakesRightSideNullable",
                    "SELECT h.id, s.id AS sample_id, s.level FROM hosts h LEFT JOIN samples s ON s.host_id = h.id",
                    "id: std::uint32_t, sample_id: std::optional<std::uint64_t>, level: std::optional<std::uint8_t>"},
        ColumnsCase{"RightJoinMakesLeftSideNullable",
                    "SELECT h.name, s.level FROM hosts h RIGHT OUTER JOIN samples s ON s.host_id = h.id",
                    "name: std::optional<std::string>, level: std::uint8_t"},
        ColumnsCase{"NestedJoinUnderLeftJoin",
                    "SELECT h.id, s.level, l.weight FROM hosts h LEFT JOIN (samples s JOIN labels l ON l.host_id = "
                    "s.host_id) ON s.host_id = h.id",
                    "id: std::uint32_t, level: std::optional<std::uint8_t>, weight: std::optional<double>"},
        ColumnsCase{"QualifiedStar", "SELECT l.*, h.kind FROM labels l JOIN hosts h ON h.id = l.host_id",
                    "host_id: std::uint32_t, label: std::string, weight: double, kind: HostsKind"},
        ColumnsCase{"UsingMergesTheColumn", "SELECT host_id FROM samples JOIN labels USING (host_id)",
                    "host_id: std::uint32_t"},
        ColumnsCase{"Annotations",
                    "SELECT COUNT(*) AS n /*: bigint */, AVG(value) AS a /*: double null */, "
                    "MAX(ts) AS t /*: datetime(6) null */, MIN(id) AS i /*: bigint unsigned not null */, "
                    "SUM(level) > 0 AS b /*: tinyint(1) */, MAX(delta) AS d /*: mediumint null */ FROM samples",
                    "n: std::int64_t, a: std::optional<double>, "
                    "t: std::optional<std::chrono::sys_time<std::chrono::microseconds>>, i: std::uint64_t, b: bool, "
                    "d: std::optional<std::int32_t>"},
        ColumnsCase{"AnnotationByColumnReference",
                    "SELECT MAX(state) AS s1 /*: hosts.state */, MAX(kind) AS k /*: hosts.kind */, "
                    "COALESCE(state, 'up') AS s2 /*: hosts.state not null */ FROM hosts",
                    "s1: std::optional<HostsState>, k: HostsKind, s2: HostsState"},
        ColumnsCase{"AnnotationBeforeAlias", "SELECT COUNT(*) /*: bigint */ AS n FROM hosts", "n: std::int64_t"},
        ColumnsCase{"NullabilityOverrideOnPlainColumn", "SELECT h.state /*: not null */ FROM hosts h",
                    "state: HostsState"},
        ColumnsCase{"DerivedTable",
                    "SELECT d.host_id, d.n, h.name FROM (SELECT host_id, COUNT(*) AS n /*: bigint */ FROM samples "
                    "GROUP BY host_id) AS d LEFT JOIN hosts h ON h.id = d.host_id",
                    "host_id: std::uint32_t, n: std::int64_t, name: std::optional<std::string>"},
        ColumnsCase{"CteWithColumnList",
                    "WITH c (hid, total) AS (SELECT host_id, SUM(value) AS s /*: double null */ FROM samples GROUP "
                    "BY host_id) SELECT c.hid, c.total FROM c",
                    "hid: std::uint32_t, total: std::optional<double>"},
        ColumnsCase{"RecursiveCte",
                    "WITH RECURSIVE seq AS (SELECT 1 AS n /*: int */ UNION ALL SELECT n + 1 AS n /*: int */ FROM "
                    "seq WHERE n < 10) SELECT n FROM seq",
                    "n: std::int32_t"},
        ColumnsCase{"UnionNullabilityIsMerged",
                    "SELECT id, state FROM hosts UNION ALL SELECT host_id, NULL AS state /*: hosts.state null */ "
                    "FROM samples",
                    "id: std::uint32_t, state: std::optional<HostsState>"},
        ColumnsCase{"UnionWidensDatetimePrecision",
                    "SELECT created_on AS t FROM hosts UNION SELECT seen_at AS t FROM hosts",
                    "t: std::optional<std::chrono::sys_time<std::chrono::microseconds>>"},
        ColumnsCase{"OrderByAndHavingSeeAliases",
                    "SELECT host_id AS h, COUNT(*) AS n /*: bigint */ FROM samples GROUP BY h HAVING n > 1 "
                    "ORDER BY n DESC, h",
                    "h: std::uint32_t, n: std::int64_t"},
        ColumnsCase{"CorrelatedSubqueryAndFunctions",
                    "SELECT h.id, (SELECT MAX(s.ts) FROM samples s WHERE s.host_id = h.id) AS last /*: datetime null "
                    "*/, CAST(h.rack AS SIGNED) AS r /*: bigint null */, TIMESTAMPDIFF(SECOND, h.created_on, NOW()) "
                    "AS age /*: bigint */, EXTRACT(YEAR FROM h.created_on) AS y /*: int */, GROUP_CONCAT(DISTINCT "
                    "h.name ORDER BY h.name SEPARATOR ', ') AS names /*: text null */, ROW_NUMBER() OVER (PARTITION "
                    "BY h.kind ORDER BY h.id) AS rn /*: bigint unsigned */, CASE WHEN h.enabled THEN 'y' ELSE 'n' END "
                    "AS e /*: varchar */, h.created_on + INTERVAL 1 DAY AS tomorrow /*: datetime */ FROM hosts h "
                    "GROUP BY h.id",
                    "id: std::uint32_t, last: std::optional<std::chrono::sys_seconds>, r: std::optional<std::int64_t>, "
                    "age: std::int64_t, y: std::int32_t, names: std::optional<std::string>, rn: std::uint64_t, "
                    "e: std::string, tomorrow: std::chrono::sys_seconds"},
        ColumnsCase{"LockingClause", "SELECT id FROM hosts WHERE id = 1 FOR UPDATE", "id: std::uint32_t"}),
    [](const ::testing::TestParamInfo<ColumnsCase>& info) { return info.param.name; });

// ---- parameters ----

struct ParamsCase {
  std::string name;
  std::string kind;
  std::string sql;
  std::string params;
};

class SqlgenParams : public ::testing::TestWithParam<ParamsCase> {};

TEST_P(SqlgenParams, Inference) {
  auto a = analyze(GetParam().kind, GetParam().sql);
  EXPECT_EQ(params_of(a.q), GetParam().params);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SqlgenParams,
    ::testing::Values(
        ParamsCase{"Comparisons", ":many",
                   "SELECT id FROM hosts WHERE id = :a AND :b <> rack AND slot < :c AND name LIKE :d AND "
                   "created_on >= :e AND retire_on <=> :f AND kind != :g",
                   "a: std::uint32_t, b: std::uint16_t, c: std::int16_t, d: std::string, e: std::chrono::sys_seconds, "
                   "f: std::chrono::sys_days, g: HostsKind"},
        ParamsCase{"ComparedWithNullableColumnIsNotOptional", ":many", "SELECT id FROM hosts WHERE state = :s",
                   "s: HostsState"},
        ParamsCase{"InAndBetween", ":many",
                   "SELECT id FROM samples WHERE host_id IN (:a, :b) AND ts BETWEEN :lo AND :hi AND :x BETWEEN "
                   "level AND level",
                   "a: std::uint32_t, b: std::uint32_t, lo: std::chrono::sys_seconds, hi: std::chrono::sys_seconds, "
                   "x: std::uint8_t"},
        ParamsCase{"InSubquery", ":many", "SELECT id FROM hosts WHERE :sid IN (SELECT s.id FROM samples s)",
                   "sid: std::uint64_t"},
        ParamsCase{"RowComparison", ":many", "SELECT id FROM samples WHERE (host_id, level) = (:h, :l)",
                   "h: std::uint32_t, l: std::uint8_t"},
        ParamsCase{"CaseOperand", ":many",
                   "SELECT id, CASE kind WHEN :k THEN 1 ELSE 0 END AS m /*: int */ FROM hosts", "k: HostsKind"},
        ParamsCase{"LimitOffset", ":many", "SELECT id FROM hosts LIMIT :skip, :n", "skip: std::uint32_t, n: std::uint32_t"},
        ParamsCase{"Annotated", ":many",
                   "SELECT id FROM samples WHERE ts > DATE_SUB(:now /*: datetime(6) */, INTERVAL :s /*: int unsigned "
                   "*/ SECOND) AND host_id = COALESCE(:h /*: int unsigned null */, host_id)",
                   "now: std::chrono::sys_time<std::chrono::microseconds>, s: std::uint32_t, "
                   "h: std::optional<std::uint32_t>"},
        ParamsCase{"AnnotatedByColumn", ":many", "SELECT id FROM hosts WHERE state = IFNULL(:st /*: hosts.state */, 'up')",
                   "st: std::optional<HostsState>"},
        ParamsCase{"InsertValuesNullableColumnsAreOptional", ":execlastid",
                   "INSERT INTO hosts (name, state, rack, seen_at) VALUES (:name, :state, :rack, :seen)",
                   "name: std::string, state: std::optional<HostsState>, rack: std::optional<std::uint16_t>, "
                   "seen: std::optional<std::chrono::sys_time<std::chrono::microseconds>>"},
        ParamsCase{"InsertMultiRowAndWithoutColumnList", ":exec",
                   "INSERT INTO labels VALUES (:h1, :l1, :w1), (:h2, :l2, 0.5)",
                   "h1: std::uint32_t, l1: std::string, w1: double, h2: std::uint32_t, l2: std::string"},
        ParamsCase{"InsertSet", ":exec", "INSERT INTO labels SET host_id = :h, label = :l, weight = :w",
                   "h: std::uint32_t, l: std::string, w: double"},
        ParamsCase{"InsertSelect", ":exec",
                   "INSERT INTO labels (host_id, label, weight) SELECT id, :label, :w FROM hosts WHERE kind = :k",
                   "label: std::string, w: double, k: HostsKind"},
        ParamsCase{"OnDuplicateKeyUpdate", ":exec",
                   "INSERT INTO samples (host_id, ts, delta) VALUES (:h, :t, :d) ON DUPLICATE KEY UPDATE delta = :d2, "
                   "`offset` = :o",
                   "h: std::uint32_t, t: std::chrono::sys_seconds, d: std::optional<std::int32_t>, "
                   "d2: std::optional<std::int32_t>, o: std::optional<double>"},
        ParamsCase{"UpdateSet", ":execrows",
                   "UPDATE hosts h JOIN samples s ON s.host_id = h.id SET h.state = :st, s.level = :lv WHERE h.id = :id "
                   "ORDER BY h.id LIMIT :n",
                   "st: std::optional<HostsState>, lv: std::uint8_t, id: std::uint32_t, n: std::uint32_t"},
        ParamsCase{"AssignedAndComparedIsOptional", ":execrows",
                   "UPDATE hosts SET seen_at = :t WHERE seen_at < :t OR seen_at IS NULL",
                   "t: std::optional<std::chrono::sys_time<std::chrono::microseconds>>"},
        ParamsCase{"DatetimePrecisionsUnify", ":many",
                   "SELECT id FROM hosts WHERE created_on < :t AND seen_at < :t",
                   "t: std::chrono::sys_time<std::chrono::microseconds>"},
        ParamsCase{"OrderOfFirstAppearance", ":many",
                   "SELECT id FROM hosts WHERE name = :b AND id = :a AND name <> :b", "b: std::string, a: std::uint32_t"},
        ParamsCase{"KeywordNamesAreEscaped", ":many", "SELECT id FROM hosts WHERE id = :new OR rack = :session",
                   "new: std::uint32_t, session: std::uint16_t"},
        ParamsCase{"DeleteMultiTable", ":execrows",
                   "DELETE s FROM samples s JOIN hosts h ON h.id = s.host_id WHERE h.kind = :k", "k: HostsKind"},
        ParamsCase{"Call", ":exec", "CALL refresh(:id /*: int unsigned */)", "id: std::uint32_t"},
        ParamsCase{"OtherStatement", ":exec", "SET @limit = :n /*: int */", "n: std::int32_t"}),
    [](const ::testing::TestParamInfo<ParamsCase>& info) { return info.param.name; });

TEST(SqlgenParams, CppNamesAvoidKeywordsAndLocals) {
  auto a = analyze(":many", "SELECT id FROM hosts WHERE id = :new OR rack = :session OR slot = :st");
  ASSERT_EQ(a.q.params.size(), 3u);
  EXPECT_EQ(a.q.params[0].cpp_name, "new_");
  EXPECT_EQ(a.q.params[1].cpp_name, "session_");
  EXPECT_EQ(a.q.params[2].cpp_name, "st_");
}

TEST(SqlgenParams, ExecQueriesMayReturnUntypedColumns) {
  auto a = analyze(":exec", "SELECT GET_LOCK('x', :t /*: int */)");
  EXPECT_TRUE(a.q.columns.empty());
}

// ---- headers ----

TEST(SqlgenQueryFile, DocumentationAndKinds) {
  QueryFile f = parse_query_file(
      "-- File comment, not documentation.\n"
      "\n"
      "-- First line.\n"
      "--   indented second line.\n"
      "-- name: A :execrows\n"
      "-- After the header.\n"
      "DELETE FROM hosts; -- trailing, not documentation of B\n"
      "-- name: B :execlastid\n"
      "INSERT INTO labels (host_id, label, weight) VALUES (1, 'x', 2);\n",
      "dir/sub/file_name.sql");
  EXPECT_EQ(f.stem, "file_name");
  ASSERT_EQ(f.queries.size(), 2u);
  EXPECT_EQ(f.queries[0].name, "A");
  EXPECT_EQ(f.queries[0].kind, QueryKind::ExecRows);
  EXPECT_EQ(f.queries[0].line, 5);
  EXPECT_EQ(f.queries[0].doc, (std::vector<std::string>{"First line.", "  indented second line.", "After the header."}));
  EXPECT_EQ(f.queries[1].kind, QueryKind::ExecLastId);
  EXPECT_TRUE(f.queries[1].doc.empty());
}

TEST(SqlgenAnnotation, Forms) {
  const Schema& s = fixture_schema();
  auto parse = [&](const std::string& text) {
    Comment c;
    c.kind = CommentKind::Annotation;
    c.text = text;
    c.line = 7;
    return parse_annotation(c, s, "f.sql");
  };
  auto type = [&](const std::string& text) { return cpp_type(*annotated_type(parse(text), std::nullopt)); };
  EXPECT_EQ(type(" bigint "), "std::int64_t");
  EXPECT_EQ(type("INT UNSIGNED"), "std::uint32_t");
  EXPECT_EQ(type(" smallint unsigned null "), "std::optional<std::uint16_t>");
  EXPECT_EQ(type("tinyint(1)"), "bool");
  EXPECT_EQ(type("tinyint(3) unsigned"), "std::uint8_t");
  EXPECT_EQ(type("double precision not null"), "double");
  EXPECT_EQ(type("varchar(20)"), "std::string");
  EXPECT_EQ(type("json null"), "std::optional<std::string>");
  EXPECT_EQ(type("timestamp(6)"), "std::chrono::sys_time<std::chrono::microseconds>");
  EXPECT_EQ(type("date"), "std::chrono::sys_days");
  EXPECT_EQ(type("hosts.state"), "std::optional<HostsState>");
  EXPECT_EQ(type("hosts.state not null"), "HostsState");
  EXPECT_EQ(type("`hosts`.`kind` null"), "std::optional<HostsKind>");
  EXPECT_FALSE(annotated_type(parse("null"), std::nullopt).has_value());
  try {
    parse("int unsigned please");
    FAIL();
  } catch (const CodegenError& e) {
    EXPECT_EQ(e.line(), 7);
    EXPECT_NE(std::string(e.what()).find("unexpected 'please'"), std::string::npos) << e.what();
  }
}

TEST(SqlgenSchema, ParsesTheRealSchema) {
  Schema s = parse_schema(test::read_text(std::filesystem::path(NTPMON_SOURCE_DIR) / "sql/schema.sql"), "schema.sql");
  const Table* m = s.find("monitors");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(cpp_type(m->find("id")->type), "std::uint32_t");
  EXPECT_EQ(cpp_type(m->find("status")->type), "MonitorsStatus");
  EXPECT_EQ(cpp_type(m->find("ip_version")->type), "std::optional<MonitorsIpVersion>");
  EXPECT_EQ(cpp_type(m->find("last_seen")->type), "std::optional<std::chrono::sys_time<std::chrono::microseconds>>");
  EXPECT_EQ(cpp_type(m->find("is_current")->type), "std::optional<bool>");
  const Table* ls = s.find("log_scores");
  ASSERT_NE(ls, nullptr);
  EXPECT_EQ(cpp_type(ls->find("rtt")->type), "std::optional<std::int32_t>");
  EXPECT_EQ(cpp_type(ls->find("id")->type), "std::uint64_t");
  EXPECT_EQ(cpp_type(s.find("servers")->find("deletion_on")->type), "std::optional<std::chrono::sys_days>");
  EXPECT_EQ(cpp_type(s.find("servers")->find("stratum")->type), "std::optional<std::uint8_t>");
  bool found = false;
  for (const auto& e : s.enums) {
    if (e->cpp_name == "ServerScoresStatus") {
      found = true;
      EXPECT_EQ(e->values, (std::vector<std::string>{"candidate", "testing", "active", "paused"}));
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace ntpmon::sqlgen
