#pragma once
// UTF-8 decoding with the replacement rules Go applies to text it writes: each invalid byte
// becomes U+FFFD.

#include <cstddef>
#include <string>
#include <string_view>

namespace ntpmon::web {

inline constexpr char32_t kReplacementChar = 0xFFFD;

struct DecodedRune {
  char32_t rune;     // kReplacementChar for an invalid byte
  std::size_t size;  // bytes consumed (1 for an invalid byte)
  bool valid;
};

// Decodes the rune at text[pos] (pos < text.size()). Rejects overlong forms, surrogates and
// values above U+10FFFF, as Go's utf8.DecodeRuneInString does.
DecodedRune decode_rune(std::string_view text, std::size_t pos);

void append_utf8(std::string& out, char32_t rune);

// Go's unicode.IsSpace.
bool is_unicode_space(char32_t rune);

}  // namespace ntpmon::web
