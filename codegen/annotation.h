// Type annotations: a comment `/*: type */` right after a computed select item (after its
// alias or its expression) or right after a parameter.
//
//   type      := sql_type [null | not null]
//              | table.column [null | not null]   (the column's type, e.g. to reuse its enum;
//                                                  nullability follows the column unless given)
//              | null | not null                   (plain column references only: just the
//                                                  nullability)
//   sql_type  := bigint | int | integer | smallint | mediumint | tinyint  [unsigned]
//              | tinyint(1) | bool | boolean | double | float | decimal
//              | varchar | char | text | json | string
//              | datetime | timestamp | datetime(6) | timestamp(6) | date
//
// Without `null`, an annotated item is NOT NULL.
#pragma once

#include <optional>
#include <string>

#include "lexer.h"
#include "schema.h"
#include "sql_types.h"

namespace ntpmon::sqlgen {

struct Annotation {
  std::optional<SqlType> type;   // nullopt: the nullability-only form
  std::optional<bool> nullable;  // explicit null / not null
  int line = 0;
};

// Throws CodegenError (at the comment's line) for an annotation that does not parse or names
// an unknown table or column.
Annotation parse_annotation(const Comment& comment, const Schema& schema, const std::string& file);

// The resulting type; `plain` is the type of the annotated plain column reference, if any.
// nullopt when the annotation gives only nullability and there is no plain column.
std::optional<SqlType> annotated_type(const Annotation& a, const std::optional<SqlType>& plain);

}  // namespace ntpmon::sqlgen
