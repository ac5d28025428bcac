#include "table_output.h"

#include <ostream>

namespace ntpmon::admin {
namespace {

void print_row(std::ostream& out, const std::vector<std::string>& row) {
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out << '\t';
    if (row[i].empty()) {
      out << '-';
      continue;
    }
    for (char c : row[i]) out << ((c == '\t' || c == '\n' || c == '\r') ? ' ' : c);
  }
  out << '\n';
}

}  // namespace

void Table::print(std::ostream& out) const {
  print_row(out, header_);
  for (const auto& row : rows_) print_row(out, row);
}

}  // namespace ntpmon::admin
