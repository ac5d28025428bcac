// The generated code of the golden fixture, compiled: enum conversions, the catalog, and the
// shapes of the generated functions and rows.
#include <gtest/gtest.h>

#include <type_traits>

#include "golden/hosts.h"
#include "golden/query_catalog.h"
#include "golden/samples.h"
#include "golden/schema_types.h"
#include "sqlrt/errors.h"

namespace ntpmon::golden {
namespace {

using sqlrt::QueryKind;
using sqlrt::TypeClass;

TEST(GeneratedEnums, ToStringAndParse) {
  EXPECT_EQ(to_string(HostsState::up), "up");
  EXPECT_EQ(to_string(HostsState::in_repair), "in-repair");
  EXPECT_EQ(parse_hosts_state("in-repair"), HostsState::in_repair);
  EXPECT_EQ(parse_hosts_kind("laptop"), HostsKind::laptop);
  EXPECT_EQ(try_parse_hosts_state("sideways"), std::nullopt);
  ASSERT_EQ(hosts_kind_values().size(), 3u);
  EXPECT_EQ(hosts_kind_values()[0], HostsKind::router);
  for (auto v : hosts_state_values()) EXPECT_EQ(parse_hosts_state(to_string(v)), v);
}

TEST(GeneratedEnums, ParseErrorNamesTableColumnAndValue) {
  try {
    parse_hosts_state("sideways");
    FAIL() << "no exception";
  } catch (const sqlrt::enum_parse_error& e) {
    EXPECT_STREQ(e.what(), "invalid value 'sideways' for hosts.state (expected one of: up, down, in-repair)");
    EXPECT_EQ(e.table_column(), "hosts.state");
    EXPECT_EQ(e.value(), "sideways");
  }
  // Enum values are case-sensitive in C++ (the server always returns the declared spelling).
  EXPECT_THROW(parse_hosts_kind("Router"), sqlrt::conversion_error);
}

TEST(GeneratedCatalog, ListsEveryQueryInFileOrder) {
  std::vector<std::string_view> names;
  for (const auto& q : query_catalog()) names.push_back(q.name);
  EXPECT_EQ(names, (std::vector<std::string_view>{"GetHost", "ListHostsByKind", "HostSampleStats", "InsertHost",
                                                   "MarkSeen", "DeleteHost", "UpsertLabel", "InsertSample",
                                                   "LatestSamples", "HostActivity", "CountSamples", "PurgeSamples"}));
  EXPECT_EQ(find_query("Nope"), nullptr);
}

TEST(GeneratedCatalog, DescribesColumnsParamsAndSql) {
  const auto* q = find_query("HostSampleStats");
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q->file, "tests/unit/codegen/fixtures/queries/hosts.sql");
  EXPECT_EQ(q->line, 17);
  EXPECT_EQ(q->kind, QueryKind::many);
  EXPECT_EQ(q->placeholders, 6);
  EXPECT_EQ(q->sql.find(':'), std::string_view::npos);
  ASSERT_EQ(q->columns.size(), 8u);
  const auto& c0 = q->columns[0];
  EXPECT_EQ(c0.name, "host_id");
  EXPECT_EQ(c0.cpp_type, "std::uint32_t");
  EXPECT_EQ(c0.type_class, TypeClass::integer);
  EXPECT_EQ(c0.int_bytes, 4);
  EXPECT_TRUE(c0.is_unsigned);
  EXPECT_FALSE(c0.nullable);
  EXPECT_EQ(q->columns[2].type_class, TypeClass::enumeration);
  EXPECT_TRUE(q->columns[2].nullable);
  EXPECT_EQ(q->columns[6].type_class, TypeClass::datetime);
  EXPECT_EQ(q->columns[7].cpp_type, "HostsState");
  EXPECT_FALSE(q->columns[7].nullable);
  ASSERT_EQ(q->params.size(), 6u);
  EXPECT_EQ(q->params[5].name, "rack_hi");
  EXPECT_EQ(q->params[5].cpp_type, "std::uint16_t");

  const auto* g = find_query("GetHost");
  ASSERT_NE(g, nullptr);
  // SELECT * is expanded, so the result has the struct's columns whatever the table has more.
  EXPECT_EQ(g->sql,
            "SELECT `hosts`.`id`, `hosts`.`name`, `hosts`.`kind`, `hosts`.`state`, `hosts`.`rack`, `hosts`.`slot`, "
            "`hosts`.`enabled`, `hosts`.`created_on`, `hosts`.`seen_at`, `hosts`.`retire_on`, `hosts`.`notes`, "
            "`hosts`.`meta` FROM hosts WHERE id = ?");
  EXPECT_EQ(g->columns[8].fractional_digits, 6);  // seen_at datetime(6)
  EXPECT_EQ(g->columns[9].type_class, TypeClass::date);

  const auto* l = find_query("LatestSamples");
  ASSERT_NE(l, nullptr);
  EXPECT_NE(l->sql.find("'it''s :not_a_param'"), std::string_view::npos) << l->sql;
  EXPECT_NE(l->sql.find("'a:b'"), std::string_view::npos) << l->sql;
  EXPECT_TRUE(find_query("DeleteHost")->columns.empty());
}

// The signatures the golden headers promise.
static_assert(std::is_same_v<decltype(&GetHost), std::optional<GetHostRow> (*)(soci::session&, std::uint32_t)>);
static_assert(std::is_same_v<decltype(&DeleteHost), void (*)(soci::session&, std::uint32_t)>);
static_assert(std::is_same_v<decltype(&PurgeSamples),
                             std::uint64_t (*)(soci::session&, std::chrono::sys_seconds, std::uint32_t)>);
static_assert(std::is_same_v<decltype(&CountSamples), std::optional<CountSamplesRow> (*)(soci::session&, std::uint32_t)>);
static_assert(std::is_same_v<decltype(&ListHostsByKind),
                             std::vector<ListHostsByKindRow> (*)(soci::session&, HostsKind, const std::string&,
                                                                 std::uint32_t, std::uint32_t)>);
static_assert(std::is_same_v<decltype(GetHostRow::seen_at),
                             std::optional<std::chrono::sys_time<std::chrono::microseconds>>>);
static_assert(std::is_same_v<decltype(HostActivityRow::activity), std::string>);
static_assert(std::is_same_v<decltype(&MarkSeen),
                             std::uint64_t (*)(soci::session&, std::optional<std::chrono::sys_time<std::chrono::microseconds>>,
                                               std::optional<HostsState>, std::uint32_t)>);

}  // namespace
}  // namespace ntpmon::golden
