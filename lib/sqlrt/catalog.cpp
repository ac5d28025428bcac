#include "sqlrt/catalog.h"

namespace ntpmon::sqlrt {

std::string_view to_string(QueryKind kind) noexcept {
  switch (kind) {
    case QueryKind::one: return ":one";
    case QueryKind::many: return ":many";
    case QueryKind::exec: return ":exec";
    case QueryKind::execrows: return ":execrows";
    case QueryKind::execlastid: return ":execlastid";
  }
  return "?";
}

std::string_view to_string(TypeClass type_class) noexcept {
  switch (type_class) {
    case TypeClass::integer: return "integer";
    case TypeClass::boolean: return "boolean";
    case TypeClass::floating: return "floating";
    case TypeClass::string: return "string";
    case TypeClass::enumeration: return "enumeration";
    case TypeClass::datetime: return "datetime";
    case TypeClass::date: return "date";
  }
  return "?";
}

}  // namespace ntpmon::sqlrt
