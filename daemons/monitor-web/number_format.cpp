#include "number_format.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <system_error>

namespace ntpmon::web {
namespace {

// Removes trailing '0's after a decimal point, then the point itself.
void trim_fraction_zeros(std::string& text) {
  if (text.find('.') == std::string::npos) return;
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
}

std::string printf_fixed(double value, int digits) {
  std::array<char, 512> buf{};
  int n = std::snprintf(buf.data(), buf.size(), "%.*f", digits, value);
  if (n >= 0 && static_cast<std::size_t>(n) < buf.size()) return std::string(buf.data(), static_cast<std::size_t>(n));
  // Only for |value| far beyond anything stored (> 1e500 does not exist; 1e308 has 309 digits).
  std::string big(static_cast<std::size_t>(n) + 1, '\0');
  std::snprintf(big.data(), big.size(), "%.*f", digits, value);
  big.resize(static_cast<std::size_t>(n));
  return big;
}

std::string shortest(double value, std::chars_format format) {
  std::array<char, 64> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value, format);
  if (ec != std::errc()) return "null";
  return std::string(buf.data(), end);
}

// Go and JavaScript share this shortest form; they differ only in NaN/Inf handling.
std::string shortest_go_style(double value) {
  double magnitude = std::fabs(value);
  if (magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e21)) {
    return shortest(value, std::chars_format::fixed);
  }
  std::string text = shortest(value, std::chars_format::scientific);
  // "7e-07" -> "7e-7": drop the leading zero of a one-digit negative exponent.
  std::size_t n = text.size();
  if (n >= 4 && text[n - 4] == 'e' && text[n - 3] == '-' && text[n - 2] == '0') {
    text.erase(n - 2, 1);
  }
  return text;
}

}  // namespace

std::string format_n9(double value) {
  // to_chars with a precision rounds the exact binary value correctly, as printf("%.9f") does,
  // and is several times faster (a history has three such numbers per row).
  std::array<char, 400> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value, std::chars_format::fixed, 9);
  std::string text = ec == std::errc() ? std::string(buf.data(), end) : printf_fixed(value, 9);
  trim_fraction_zeros(text);
  return text;
}

std::string format_json_number(double value) {
  if (!std::isfinite(value)) return "null";
  return shortest_go_style(value);
}

double round_half_away(double value, int decimals) {
  double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

double printf_one_decimal(double value) {
  std::string text = printf_fixed(value, 1);
  return std::strtod(text.c_str(), nullptr);
}

std::string js_to_fixed(double value, int digits) {
  if (!std::isfinite(value)) return std::isnan(value) ? "NaN" : (value > 0 ? "Infinity" : "-Infinity");
  if (std::fabs(value) >= 1e21) return js_number_text(value);
  // printf rounds the exact binary value correctly but sends exact ties to even; JavaScript
  // sends them away from zero. An exact tie shows in the exact expansion as '5' followed by
  // zeros only (a double's expansion ends within 1074 fractional digits).
  std::string exact = printf_fixed(value, 1100);
  std::size_t point = exact.find('.');
  std::string_view tail = std::string_view(exact).substr(point + 1 + static_cast<std::size_t>(digits));
  bool exact_tie = !tail.empty() && tail[0] == '5' && tail.substr(1).find_first_not_of('0') == std::string_view::npos;
  std::string text;
  if (!exact_tie) {
    text = printf_fixed(value, digits);
  } else {
    // Truncate, then add one unit in the last place to the magnitude.
    text = exact.substr(0, digits == 0 ? point : point + 1 + static_cast<std::size_t>(digits));
    std::size_t i = text.size();
    bool carry = true;
    while (carry && i > 0) {
      --i;
      char& c = text[i];
      if (c == '.' || c == '-') continue;
      if (c == '9') {
        c = '0';
      } else {
        ++c;
        carry = false;
      }
    }
    if (carry) text.insert(text[0] == '-' ? 1 : 0, "1");
  }
  // JavaScript writes -0 as "0" but keeps the sign of a negative value that rounds to zero.
  if (value == 0 && !text.empty() && text[0] == '-') text.erase(0, 1);
  return text;
}

std::string js_number_text(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return "0";  // JavaScript prints -0 as "0"
  return shortest_go_style(value);
}

std::string format_fixed1(double value) { return printf_fixed(value, 1); }

std::string format_coordinate(double value) {
  std::string text = printf_fixed(value, 2);
  trim_fraction_zeros(text);
  if (text == "-0") text = "0";
  return text;
}

}  // namespace ntpmon::web
