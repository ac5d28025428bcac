#include "path_rules.h"

#include "request_params.h"

namespace ntpmon::web {

std::optional<std::vector<std::string>> decode_path_segments(std::string_view raw) {
  if (raw.empty() || raw[0] != '/') return std::nullopt;
  std::vector<std::string> segments;
  std::string_view rest = raw.substr(1);
  while (true) {
    std::size_t slash = rest.find('/');
    auto decoded = percent_decode(rest.substr(0, slash), false);
    if (!decoded) return std::nullopt;
    for (char c : *decoded) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return std::nullopt;
    }
    segments.push_back(std::move(*decoded));
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  return segments;
}

std::optional<std::string> strip_trailing_punctuation(std::string_view raw) {
  if (raw.starts_with("/api/")) return std::nullopt;
  if ((raw.starts_with("/s/") || raw.starts_with("/scores/")) && raw.ends_with("::")) return std::nullopt;
  std::size_t end = raw.find_last_not_of(").:>}");
  if (end == raw.size() - 1) return std::nullopt;
  std::string stripped(raw.substr(0, end == std::string_view::npos ? 0 : end + 1));
  if (stripped.empty()) stripped = "/";
  return stripped;
}

}  // namespace ntpmon::web
