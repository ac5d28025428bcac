// Description of every generated query, for tests and tools: the generated
// `ntpmon::sql::query_catalog()` returns one QueryInfo per `-- name:` in sql/queries/.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace ntpmon::sqlrt {

enum class QueryKind : std::uint8_t { one, many, exec, execrows, execlastid };

// The class of a C++ value (and of the SQL type it maps from).
enum class TypeClass : std::uint8_t {
  integer,      // std::int8_t .. std::uint64_t (int_bytes, is_unsigned)
  boolean,      // bool (tinyint(1))
  floating,     // double
  string,       // std::string (char, varchar, text, json)
  enumeration,  // a generated enum class (an ENUM column)
  datetime,     // std::chrono::sys_seconds, or sys_time<microseconds> when fractional_digits == 6
  date,         // std::chrono::sys_days
};

struct ColumnInfo {
  std::string_view name;      // field of the Row struct == result column name
  std::string_view cpp_type;  // without std::optional, e.g. "std::uint32_t"
  TypeClass type_class;
  int int_bytes;              // 1, 2, 4 or 8 for integer, else 0
  bool is_unsigned;
  bool nullable;              // the field is std::optional
  int fractional_digits;      // 6 for a microsecond datetime, else 0
};

struct ParamInfo {
  std::string_view name;
  std::string_view cpp_type;  // without std::optional
  TypeClass type_class;
  bool nullable;              // the argument is std::optional
};

struct QueryInfo {
  std::string_view name;
  std::string_view file;  // as passed to sqlgen, e.g. "sql/queries/admin.sql"
  int line;               // of the `-- name:` header
  QueryKind kind;
  std::string_view sql;   // comments stripped, every parameter occurrence replaced by '?'
  int placeholders;       // number of '?' in sql (a parameter used twice counts twice)
  std::span<const ColumnInfo> columns;
  std::span<const ParamInfo> params;  // function arguments, in order (each once)
};

std::string_view to_string(QueryKind kind) noexcept;
std::string_view to_string(TypeClass type_class) noexcept;

}  // namespace ntpmon::sqlrt
