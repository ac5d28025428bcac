#include "sql_types.h"

#include <cstdlib>

namespace ntpmon::sqlgen {

std::string cpp_base_type(const SqlType& t) {
  switch (t.kind) {
    case BaseKind::Integer:
      return std::string(t.is_unsigned ? "std::uint" : "std::int") + std::to_string(t.int_bytes * 8) + "_t";
    case BaseKind::Bool: return "bool";
    case BaseKind::Double: return "double";
    case BaseKind::String: return "std::string";
    case BaseKind::DateTime:
      return t.fsp > 0 ? "std::chrono::sys_time<std::chrono::microseconds>" : "std::chrono::sys_seconds";
    case BaseKind::Date: return "std::chrono::sys_days";
    case BaseKind::Enum: return t.enum_def ? t.enum_def->cpp_name : "?";
  }
  return "?";
}

std::string cpp_type(const SqlType& t) {
  std::string base = cpp_base_type(t);
  return t.nullable ? "std::optional<" + base + ">" : base;
}

bool same_base(const SqlType& a, const SqlType& b) { return cpp_base_type(a) == cpp_base_type(b); }

std::optional<SqlType> type_from_sql(std::string_view name, const std::vector<std::string>& args, bool is_unsigned) {
  SqlType t;
  auto integer = [&](int bytes) {
    t.kind = BaseKind::Integer;
    t.int_bytes = bytes;
    t.is_unsigned = is_unsigned;
    return t;
  };
  if (name == "tinyint") {
    if (args.size() == 1 && args[0] == "1" && !is_unsigned) {
      t.kind = BaseKind::Bool;
      return t;
    }
    return integer(1);
  }
  if (name == "bool" || name == "boolean") {
    t.kind = BaseKind::Bool;
    return t;
  }
  if (name == "smallint") return integer(2);
  if (name == "mediumint" || name == "int" || name == "integer") return integer(4);
  if (name == "bigint") return integer(8);
  if (name == "serial") {
    is_unsigned = true;
    return integer(8);
  }
  if (name == "double" || name == "float" || name == "real" || name == "decimal" || name == "numeric" ||
      name == "dec" || name == "fixed") {
    t.kind = BaseKind::Double;
    return t;
  }
  if (name == "char" || name == "varchar" || name == "tinytext" || name == "text" || name == "mediumtext" ||
      name == "longtext" || name == "json" || name == "binary" || name == "varbinary" || name == "tinyblob" ||
      name == "blob" || name == "mediumblob" || name == "longblob" || name == "set" || name == "time" ||
      name == "string" || name == "year") {
    t.kind = BaseKind::String;
    return t;
  }
  if (name == "datetime" || name == "timestamp") {
    t.kind = BaseKind::DateTime;
    t.fsp = (!args.empty() && std::atoi(args[0].c_str()) > 0) ? 6 : 0;
    return t;
  }
  if (name == "date") {
    t.kind = BaseKind::Date;
    return t;
  }
  return std::nullopt;
}

}  // namespace ntpmon::sqlgen
