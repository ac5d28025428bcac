#pragma once
// Readable names for table-driven test cases. Each case struct gets a PrintTo() that prints
// readable(<its text>), so gtest_discover_tests lists Runtime/Suite.Test/two_words instead of
// a byte dump. The printed names must differ between the cases of one table.

#include <cctype>
#include <ostream>
#include <string>
#include <string_view>

namespace ntpmon::testing_support {

// `text` reduced to [A-Za-z0-9_], at most 40 characters; "empty" for nothing left.
inline std::string readable(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (out.size() >= 40) break;
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out.push_back(c);
    } else if (!out.empty() && out.back() != '_') {
      out.push_back('_');
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? "empty" : out;
}

}  // namespace ntpmon::testing_support
