#pragma once
// The ClickHouse statements of sql/clickhouse/*.sql, compiled into the program. Each follows a
// `-- name: Name` line; comment lines are dropped and a trailing ';' is removed.

#include <map>
#include <string>
#include <string_view>

namespace ntpmon::archiver {

// The statement `name` of the embedded file `file` ("clickhouse/archiver.sql"), with every
// {key} replaced by values.at(key). Throws std::logic_error for an unknown name or a
// placeholder without a value (mistakes of the program).
std::string clickhouse_statement(std::string_view file, std::string_view name,
                                 const std::map<std::string, std::string>& values = {});

// The same for any text (for tests).
std::string statement_from_text(std::string_view text, std::string_view name,
                                const std::map<std::string, std::string>& values = {});

}  // namespace ntpmon::archiver
