// The tables of sql/schema.sql, parsed from its CREATE TABLE statements.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sql_types.h"

namespace ntpmon::sqlgen {

struct Column {
  std::string name;
  SqlType type;  // nullable unless NOT NULL or part of the primary key
  int line = 0;
};

struct Table {
  std::string name;
  std::vector<Column> columns;
  int line = 0;

  // Column names are case-insensitive in MySQL.
  const Column* find(std::string_view column) const;
};

struct Schema {
  std::string file;
  std::vector<Table> tables;                     // in file order
  std::vector<std::unique_ptr<EnumDef>> enums;  // in file order (table, then column)

  const Table* find(std::string_view table) const;
};

// Parses every CREATE TABLE of the file; other statements are skipped. Throws CodegenError
// on malformed DDL, unsupported column types, duplicate tables/columns or enum names.
Schema parse_schema(std::string_view text, const std::string& file);

}  // namespace ntpmon::sqlgen
