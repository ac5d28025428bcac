#pragma once
// The keys of log_scores.attributes the outputs use (spec scores-api.md §2.2, §6.3).

#include <optional>
#include <string>
#include <string_view>

namespace ntpmon::web {

struct ScoreAttributes {
  int leap = 0;       // "leap": an integer in int8 range, else 0
  std::string error;  // "error": a string, else empty
};

// Empty text -> no attributes. nullopt when the text is not a JSON object (the caller logs
// it and uses the defaults; the request does not fail). Other keys are ignored; a key of the
// wrong type is ignored on its own.
std::optional<ScoreAttributes> parse_score_attributes(std::string_view json_text);

}  // namespace ntpmon::web
