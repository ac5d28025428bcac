#include "schema_columns.h"

#include <soci/soci.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace ntpmon::test {
namespace {

std::string normalize_type(const std::string& column_type) {
  static const std::regex int_width(R"(^(tinyint|smallint|mediumint|int|bigint)\((\d+)\)(.*)$)");
  std::smatch m;
  if (std::regex_match(column_type, m, int_width) && !(m[1] == "tinyint" && m[2] == "1")) {
    return m[1].str() + m[3].str();
  }
  if (column_type == "longtext") return "json";  // MariaDB's JSON is an alias of LONGTEXT
  return column_type;
}

std::string normalize_default_extra(const std::string& column_default, const std::string& extra) {
  std::string out;
  if (column_default != "NULL") {
    if (column_default == "current_timestamp()") {
      out = "DEFAULT CURRENT_TIMESTAMP";
    } else if (column_default.size() >= 2 && column_default.front() == '\'') {
      out = "DEFAULT " + column_default;
    } else {
      out = "DEFAULT '" + column_default + "'";
    }
  }
  if (extra == "auto_increment") out += (out.empty() ? "" : " ") + std::string("AUTO_INCREMENT");
  if (extra == "on update current_timestamp()") out += " ON UPDATE CURRENT_TIMESTAMP";
  return out;
}

}  // namespace

SchemaColumns read_schema_columns(soci::session& db, const std::string& database) {
  SchemaColumns out;
  soci::rowset<soci::row> rows = (db.prepare << "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, "
                                                 "COALESCE(COLUMN_DEFAULT, 'NULL'), EXTRA "
                                                 "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = :db",
                                  soci::use(database));
  for (const auto& r : rows) {
    ColumnFacts facts{normalize_type(r.get<std::string>(2)), r.get<std::string>(3) == "YES" ? "NULL" : "NOT NULL",
                      normalize_default_extra(r.get<std::string>(4), r.get<std::string>(5))};
    out[{r.get<std::string>(0), r.get<std::string>(1)}] = facts;
  }
  return out;
}

SchemaColumns read_reference_columns(const std::string& tsv_path) {
  std::ifstream in(tsv_path);
  if (!in) throw std::runtime_error(tsv_path + ": cannot read");
  SchemaColumns out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string part;
    while (std::getline(ss, part, '\t')) f.push_back(part);
    f.resize(5);
    out[{f[0], f[1]}] = ColumnFacts{f[2], f[3], f[4]};
  }
  return out;
}

}  // namespace ntpmon::test
