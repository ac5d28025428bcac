#pragma once
// information_schema.COLUMNS of a database, in the vocabulary of shared/spec/schema-reference.md
// ("int unsigned", "NOT NULL", "DEFAULT '0'"), so that MariaDB's spelling ("int(10) unsigned",
// "current_timestamp()") compares equal to the reference.

#include <map>
#include <string>
#include <utility>

namespace soci {
class session;
}

namespace ntpmon::test {

struct ColumnFacts {
  std::string type;
  std::string nullable;       // "NULL" or "NOT NULL"
  std::string default_extra;  // "AUTO_INCREMENT", "DEFAULT '0'", ... or ""
  bool operator==(const ColumnFacts&) const = default;
};

using ColumnKey = std::pair<std::string, std::string>;  // table, column
using SchemaColumns = std::map<ColumnKey, ColumnFacts>;

SchemaColumns read_schema_columns(soci::session& db, const std::string& database);
// tests/integration/fixtures/ntppool_columns.tsv
SchemaColumns read_reference_columns(const std::string& tsv_path);

}  // namespace ntpmon::test
