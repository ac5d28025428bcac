#pragma once
// Splits an SQL script (a migration, schema.sql, a procedure file) into statements the way the
// mysql/mariadb command-line client does, so the same files run unchanged through either:
// `;` ends a statement outside quotes and comments, and `DELIMITER xx` lines change the
// terminator (needed for procedure bodies that contain `;`).

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ntpmon::migrate {

struct ScriptStatement {
  std::string text;  // without the terminator
  std::size_t line;  // 1-based line of the statement's first character
};

class ScriptError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws ScriptError naming `file` and the line of an unterminated quote or comment.
std::vector<ScriptStatement> split_sql_script(std::string_view script, std::string_view file);

}  // namespace ntpmon::migrate
