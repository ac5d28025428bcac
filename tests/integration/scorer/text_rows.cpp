#include "text_rows.h"

#include <soci/soci.h>

#include <stdexcept>

namespace ntpmon::test {

std::vector<TextRow> text_rows(soci::session& session, const std::string& sql) {
  std::vector<TextRow> out;
  soci::rowset<soci::row> rows = session.prepare << sql;
  for (const auto& row : rows) {
    TextRow r;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (row.get_indicator(i) == soci::i_null) {
        r.emplace_back(std::nullopt);
      } else {
        r.emplace_back(row.get<std::string>(i));
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::optional<std::string> text_value(soci::session& session, const std::string& sql) {
  auto rows = text_rows(session, sql);
  if (rows.empty() || rows[0].empty()) return std::nullopt;
  return rows[0][0];
}

long long int_value(soci::session& session, const std::string& sql) {
  auto v = text_value(session, sql);
  if (!v) throw std::runtime_error("no value: " + sql);
  return std::stoll(*v);
}

}  // namespace ntpmon::test
