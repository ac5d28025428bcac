#pragma once
// Tab-separated tables with a header line for the list commands (easy to read, easy to cut).

#include <iosfwd>
#include <string>
#include <vector>

namespace ntpmon::admin {

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  // Empty cells print as "-"; tabs and newlines inside cells become spaces.
  void print(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace ntpmon::admin
