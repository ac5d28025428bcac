#pragma once
// Number formats of the score-history outputs (spec scores-api.md §2.3, §3.1, §3.3, §3.4, §4.4).
// Each matches the original's output byte for byte; the comments name the rule.

#include <string>

namespace ntpmon::web {

// CSV "N9": printf("%.9f"), then trailing zeros and a trailing '.' removed. Never an
// exponent; a negative value that rounds to zero keeps its sign ("-0").
std::string format_n9(double value);

// JSON number, shortest round-trip form (Go's encoding/json): positional for 0 and
// 1e-6 <= |x| < 1e21 without a trailing ".0", else d[.ddd]e±XX with "e-07" written "e-7".
// NaN and infinities (never stored in the database) become null.
std::string format_json_number(double value);

// round(value * 10^decimals) / 10^decimals, halves away from zero, in double arithmetic.
double round_half_away(double value, int decimals);

// C printf("%.1f") parsed back into a double (ties on the exact binary value go to even):
// the E4 score (§3.4).
double printf_one_decimal(double value);

// JavaScript Number.prototype.toFixed: correctly rounded from the exact binary value, exact
// ties away from zero; a negative value keeps its '-' even when it rounds to zero.
std::string js_to_fixed(double value, int digits);

// JavaScript's default number to string (shortest round trip): 19.1, 20, 1e-7.
std::string js_number_text(double value);

// printf("%.1f").
std::string format_fixed1(double value);

// A coordinate for SVG output: rounded to 2 decimals, trailing zeros removed ("8.52", "0").
std::string format_coordinate(double value);

}  // namespace ntpmon::web
