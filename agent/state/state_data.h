#pragma once
// The content of state.json (spec/agent.md §4.6-4.7): the API key and the data the HTTP
// config endpoint returned, with its change detector DataSha.

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ntpmon::agent {

// One address family's assignment: `ip` is absent (JSON null) when the family is not
// assigned; "" or an unparsable text is "assigned but invalid" (never live).
struct FamilyState {
  std::string status;             // active, testing, pending, paused, deleted or ""
  std::optional<std::string> ip;  // address text
  bool operator==(const FamilyState&) const = default;
};

// The server-provided part ("Data"); DataSha is computed over it.
struct StateDataPart {
  std::string name;
  std::string tls_name;
  FamilyState ipv4;
  FamilyState ipv6;
  std::string otlp_log_level;
  bool operator==(const StateDataPart&) const = default;
};

struct StateFile {
  std::string api_key;
  StateDataPart data;
  std::string data_sha;
  bool operator==(const StateFile&) const = default;
};

class StateParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Pretty-printed with two spaces, keys in the order of §4.6, no trailing newline.
std::string encode_state_file(const StateFile& state);

// Reads `text` into `into` with merge semantics (§4.6, §21 A21): keys absent from the text
// keep the values `into` has; keys match case-insensitively; unknown keys are ignored.
// Throws StateParseError for a syntax error, an empty or truncated file, or a value of the
// wrong type (naming the key).
void merge_state_file(std::string_view text, StateFile& into);

// The compact JSON of Data as Go's encoding/json writes it (HTML characters escaped), and
// its lowercase hex SHA-256 (§4.7).
std::string canonical_data_json(const StateDataPart& data);
std::string data_sha(const StateDataPart& data);

// JSON string literal with Go's escaping: \" \\ \n \r \t, other control characters and
// < > & U+2028 U+2029 as \u00XX / \u2028; invalid UTF-8 bytes as \ufffd.
std::string go_json_string(std::string_view text);

}  // namespace ntpmon::agent
