// The SQL column types sqlgen knows and the C++ types they map to.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ntpmon::sqlgen {

// An ENUM column; one generated `enum class` each.
struct EnumDef {
  std::string table;
  std::string column;
  std::vector<std::string> values;      // as in the schema
  std::vector<std::string> enumerators;  // C++ names, same order
  std::string cpp_name;                  // MonitorsStatus
  std::string snake_name;                // monitors_status (parse_monitors_status)
};

enum class BaseKind { Integer, Bool, Double, String, DateTime, Date, Enum };

struct SqlType {
  BaseKind kind = BaseKind::String;
  int int_bytes = 0;        // Integer: 1, 2, 4, 8
  bool is_unsigned = false;  // Integer
  int fsp = 0;              // DateTime: 0 (seconds) or 6 (microseconds)
  const EnumDef* enum_def = nullptr;
  bool nullable = false;
};

// C++ spelling without std::optional: "std::uint32_t", "std::chrono::sys_seconds", "MonitorsStatus".
std::string cpp_base_type(const SqlType& t);
// With std::optional when nullable.
std::string cpp_type(const SqlType& t);
// Same C++ type apart from nullability.
bool same_base(const SqlType& a, const SqlType& b);

// The type of a column declared as `name(args) [unsigned]` (name lower case). nullopt when
// sqlgen does not support it. The result is NOT NULL; the caller sets nullability.
std::optional<SqlType> type_from_sql(std::string_view name, const std::vector<std::string>& args, bool is_unsigned);

}  // namespace ntpmon::sqlgen
