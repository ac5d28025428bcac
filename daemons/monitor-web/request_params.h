#pragma once
// Query parameters of the history endpoints (spec scores-api.md §1.3.2, §6.4) and the URL
// query string itself.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ntpmon::web {

// The decoded pairs of a query string, in order ("a=1&b=%2A" -> {a,1},{b,*}). '+' is a
// space; a pair with an invalid escape or a ';' is skipped (as Go's url.ParseQuery does).
class QueryParams {
 public:
  QueryParams() = default;
  explicit QueryParams(std::string_view raw_query);

  // The first value of `name`, if present.
  std::optional<std::string_view> get(std::string_view name) const;
  bool empty() const { return pairs_.empty(); }
  const std::vector<std::pair<std::string, std::string>>& pairs() const { return pairs_; }

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
};

// Percent-decoding of one URL component; nullopt for a bad escape. `plus_is_space` for
// query strings.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// Percent-encoding of a path segment (RFC 3986 pchar kept, everything else %XX).
std::string percent_encode_segment(std::string_view text);

inline constexpr int kDefaultLimit = 100;
inline constexpr int kMaxLimit = 10000;

// Decimal integer with optional sign (Go strconv.Atoi); absent, unparsable or negative ->
// 100; > 10000 -> 10000; 0 stays 0.
int parse_limit(std::optional<std::string_view> text);

// Decimal Unix seconds; nullopt when absent, unparsable or <= 0.
std::optional<std::int64_t> parse_since(std::optional<std::string_view> text);

// The `monitor` parameter.
struct MonitorSelector {
  enum class Kind { default_scorer, all, id, name };
  Kind kind = Kind::default_scorer;
  std::uint32_t id = 0;
  std::string name;
};
// Absent or empty -> default scorer; "*" or an id of 0 -> all; a decimal uint32 -> id;
// anything else -> name.
MonitorSelector parse_monitor_selector(std::optional<std::string_view> text);

// A name the LIKE lookup may use: none of '_' '%' '.' space, tab or newline (§1.3.2).
bool is_acceptable_monitor_name(std::string_view name);

// Go strconv.ParseBool; nullopt when it does not parse.
std::optional<bool> parse_go_bool(std::string_view text);

// Perl truthiness of a parameter: present, not empty and not "0".
bool perl_true(std::optional<std::string_view> text);

// Strict decimal parse of a whole string into an unsigned 32-bit value (no sign, no space).
std::optional<std::uint32_t> parse_uint32(std::string_view text);
// Strict decimal parse with an optional sign into int64.
std::optional<std::int64_t> parse_int64(std::string_view text);

}  // namespace ntpmon::web
