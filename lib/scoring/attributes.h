#pragma once
// The `log_scores.attributes` JSON object (spec/scorer.md §2.7), written byte for byte as Go's
// encoding/json writes the original's struct: keys in a fixed order, zero values omitted, no
// whitespace, `<` `>` `&` U+2028 U+2029 and control characters escaped, invalid UTF-8 replaced
// by U+FFFD. Parsing follows Go's json.Unmarshal into that struct: unknown keys are dropped,
// keys match case-insensitively, null leaves a field zero, a value of the wrong type or out of
// range is an error.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ntpmon::scoring {

struct Attributes {
  std::int8_t leap = 0;
  std::int8_t stratum = 0;
  bool no_response = false;
  std::string error;
  std::string warning;
  std::int64_t from_ls_id = 0;
  std::int64_t from_ss_id = 0;
  // Added by the project (B10): the row recentmedian chose, and its monitor. Readers built on
  // the original struct drop these keys.
  std::int64_t chosen_ls_id = 0;
  std::int64_t chosen_monitor_id = 0;

  bool operator==(const Attributes&) const = default;
};

class AttributesError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Compact JSON in the order leap, stratum, no_response, error, warning, from_ls_id,
// from_ss_id, chosen_ls_id, chosen_monitor_id; "{}" when every field is zero.
std::string to_json(const Attributes& attributes);

// Throws AttributesError naming the problem (bad JSON, a field of the wrong type, a value out
// of range).
Attributes parse_attributes(std::string_view json);

// Go's encoding of one string value, quotes included.
void append_go_json_string(std::string& out, std::string_view text);

}  // namespace ntpmon::scoring
