#include "cli/duration_text.h"

#include <cctype>

namespace ntpmon::agent {

std::optional<std::chrono::milliseconds> parse_duration_text(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::chrono::milliseconds total{0};
  while (!text.empty()) {
    std::size_t digits = 0;
    long long value = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) {
      value = value * 10 + (text[digits] - '0');
      if (value > 1'000'000'000LL) return std::nullopt;
      ++digits;
    }
    if (digits == 0) return std::nullopt;
    text.remove_prefix(digits);
    std::chrono::milliseconds unit;
    if (text.starts_with("ms")) {
      unit = std::chrono::milliseconds(1);
      text.remove_prefix(2);
    } else if (text.starts_with("s")) {
      unit = std::chrono::seconds(1);
      text.remove_prefix(1);
    } else if (text.starts_with("m")) {
      unit = std::chrono::minutes(1);
      text.remove_prefix(1);
    } else if (text.starts_with("h")) {
      unit = std::chrono::hours(1);
      text.remove_prefix(1);
    } else {
      return std::nullopt;
    }
    total += unit * value;
  }
  return total;
}

}  // namespace ntpmon::agent
