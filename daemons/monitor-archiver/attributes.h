#pragma once
// The `attributes` column of log_scores (JSON text) as the archive destinations need it:
// only `leap` and `error` are kept (spec/archiver.md §2.4).

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ntpmon::archiver {

struct ScoreAttributes {
  std::uint8_t leap = 0;  // missing or null: 0
  std::string error;      // missing or null: ""
};

// Bad attributes text; the message names the problem (not the row: the caller adds that).
class AttributesError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// As the original decoded them into {leap uint8, error string}: NULL, "" and the JSON literal
// null mean no attributes; other keys (warning, stratum, ...) are ignored; keys match
// case-insensitively and a later duplicate wins. Throws AttributesError for text that is not
// JSON, a value that is not an object, a leap that is not an integer in 0..255, or an error
// that is not a string.
ScoreAttributes parse_score_attributes(const std::optional<std::string>& text);
ScoreAttributes parse_score_attributes(std::string_view text);

}  // namespace ntpmon::archiver
