#pragma once
// Checks on the request path before routing: length, percent-decoding into segments, and
// the web application's trailing-punctuation redirect (spec scores-api.md §1.4).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ntpmon::web {

inline constexpr std::size_t kMaxPathBytes = 1024;

// The segments of an absolute path, each percent-decoded ("/scores/2001%3Adb8%3A%3A1/log" ->
// {"scores", "2001:db8::1", "log"}; "/" -> {""}; "/scores/" -> {"scores", ""}). nullopt for
// a path that does not start with '/', a bad escape, or a decoded control character.
std::optional<std::vector<std::string>> decode_path_segments(std::string_view raw_path);

// The path without the trailing ) . : > } characters of a pasted link, when the web paths
// redirect it (not under /api/, and not an IPv6 address ending in "::" under /s/ or
// /scores/); nullopt when the path stays.
std::optional<std::string> strip_trailing_punctuation(std::string_view raw_path);

}  // namespace ntpmon::web
