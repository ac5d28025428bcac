#include "api/proto_json.h"

#include <array>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace ntpmon::api {
namespace {

constexpr char kBase64Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Exactly `count` decimal digits at text[pos..].
int digits(std::string_view text, std::size_t pos, std::size_t count, const char* what) {
  if (pos + count > text.size()) throw std::invalid_argument(std::string("missing ") + what);
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    char c = text[pos + i];
    if (!is_digit(c)) throw std::invalid_argument(std::string("bad digit in ") + what);
    value = value * 10 + (c - '0');
  }
  return value;
}

void expect(std::string_view text, std::size_t pos, char c) {
  if (pos >= text.size() || text[pos] != c) {
    throw std::invalid_argument(std::string("expected '") + c + "' at offset " + std::to_string(pos));
  }
}

// Fraction digits as protojson writes them: none, 3, 6 or 9.
std::string fraction(std::int32_t nanos) {
  if (nanos == 0) return {};
  std::string text = std::to_string(nanos);
  text.insert(0, 9 - text.size(), '0');
  if (nanos % 1'000'000 == 0) return "." + text.substr(0, 3);
  if (nanos % 1'000 == 0) return "." + text.substr(0, 6);
  return "." + text;
}

// ".ddd" at text[pos..] (1..9 digits); returns nanoseconds and advances pos.
std::int32_t parse_fraction(std::string_view text, std::size_t& pos) {
  if (pos >= text.size() || text[pos] != '.') return 0;
  ++pos;
  std::int32_t nanos = 0;
  int count = 0;
  while (pos < text.size() && is_digit(text[pos])) {
    if (++count > 9) throw std::invalid_argument("more than 9 fraction digits");
    nanos = nanos * 10 + (text[pos] - '0');
    ++pos;
  }
  if (count == 0) throw std::invalid_argument("no digits after '.'");
  for (int i = count; i < 9; ++i) nanos *= 10;
  return nanos;
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    std::uint32_t v = (std::uint32_t(std::uint8_t(bytes[i])) << 16) |
                      (std::uint32_t(std::uint8_t(bytes[i + 1])) << 8) | std::uint8_t(bytes[i + 2]);
    out += kBase64Alphabet[(v >> 18) & 63];
    out += kBase64Alphabet[(v >> 12) & 63];
    out += kBase64Alphabet[(v >> 6) & 63];
    out += kBase64Alphabet[v & 63];
  }
  std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t v = std::uint32_t(std::uint8_t(bytes[i])) << 16;
    if (rest == 2) v |= std::uint32_t(std::uint8_t(bytes[i + 1])) << 8;
    out += kBase64Alphabet[(v >> 18) & 63];
    out += kBase64Alphabet[(v >> 12) & 63];
    out += rest == 2 ? kBase64Alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string base64_decode(std::string_view text) {
  std::size_t end = text.size();
  std::size_t padding = 0;
  while (end > 0 && text[end - 1] == '=' && padding < 2) {
    --end;
    ++padding;
  }
  if (padding > 0 && text.size() % 4 != 0) throw std::invalid_argument("bad base64 padding");
  if (end % 4 == 1) throw std::invalid_argument("base64 text has a bad length");
  std::string out;
  out.reserve(end / 4 * 3 + 2);
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < end; ++i) {
    int v = base64_value(text[i]);
    if (v < 0) throw std::invalid_argument("invalid base64 character at offset " + std::to_string(i));
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  // The unused low bits of the last character must be zero (canonical encoding).
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) throw std::invalid_argument("non-canonical base64 ending");
  return out;
}

Timestamp Timestamp::from(std::chrono::system_clock::time_point t) {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  std::int64_t seconds = ns / 1'000'000'000;
  std::int64_t nanos = ns % 1'000'000'000;
  if (nanos < 0) {
    nanos += 1'000'000'000;
    seconds -= 1;
  }
  return {seconds, static_cast<std::int32_t>(nanos)};
}

std::chrono::sys_time<std::chrono::nanoseconds> Timestamp::to_time_point() const {
  constexpr std::int64_t kLimit = std::numeric_limits<std::int64_t>::max() / 1'000'000'000 - 1;
  std::int64_t s = seconds < -kLimit ? -kLimit : (seconds > kLimit ? kLimit : seconds);
  return std::chrono::sys_time<std::chrono::nanoseconds>(std::chrono::nanoseconds(s * 1'000'000'000 + nanos));
}

std::string format_timestamp(const Timestamp& t) {
  using namespace std::chrono;
  sys_seconds s{seconds{t.seconds}};
  auto day = floor<days>(s);
  year_month_day ymd{day};
  hh_mm_ss<seconds> tod{s - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()), int(tod.hours().count()), int(tod.minutes().count()),
                int(tod.seconds().count()));
  return std::string(buf) + fraction(t.nanos) + "Z";
}

Timestamp parse_timestamp(std::string_view text) {
  using namespace std::chrono;
  if (text.size() > 40) throw std::invalid_argument("timestamp text is too long");
  int y = digits(text, 0, 4, "year");
  expect(text, 4, '-');
  int mo = digits(text, 5, 2, "month");
  expect(text, 7, '-');
  int d = digits(text, 8, 2, "day");
  if (text.size() <= 10 || (text[10] != 'T' && text[10] != 't')) throw std::invalid_argument("expected 'T' after the date");
  int h = digits(text, 11, 2, "hour");
  expect(text, 13, ':');
  int mi = digits(text, 14, 2, "minute");
  expect(text, 16, ':');
  int s = digits(text, 17, 2, "second");
  std::size_t pos = 19;
  std::int32_t nanos = parse_fraction(text, pos);
  year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
  if (y < 1 || !ymd.ok()) throw std::invalid_argument("no such date");
  if (h > 23 || mi > 59 || s > 59) throw std::invalid_argument("no such time of day");
  std::int64_t offset = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int sign = text[pos] == '-' ? -1 : 1;
    int oh = digits(text, pos + 1, 2, "offset hours");
    expect(text, pos + 3, ':');
    int om = digits(text, pos + 4, 2, "offset minutes");
    if (oh > 23 || om > 59) throw std::invalid_argument("bad time zone offset");
    offset = sign * (oh * 3600 + om * 60);
    pos += 6;
  } else {
    throw std::invalid_argument("missing time zone ('Z' or an offset)");
  }
  if (pos != text.size()) throw std::invalid_argument("unexpected text after the time zone");
  std::int64_t secs = sys_days{ymd}.time_since_epoch().count() * 86400 + h * 3600 + mi * 60 + s - offset;
  if (secs < kMinTimestampSeconds || secs > kMaxTimestampSeconds) throw std::invalid_argument("timestamp out of range");
  return {secs, nanos};
}

Duration Duration::from(std::chrono::nanoseconds d) {
  auto ns = d.count();
  return {ns / 1'000'000'000, static_cast<std::int32_t>(ns % 1'000'000'000)};
}

bool Duration::fits_nanoseconds() const {
  constexpr std::int64_t kLimit = std::numeric_limits<std::int64_t>::max() / 1'000'000'000;  // 9223372036
  return seconds > -kLimit && seconds < kLimit;
}

std::chrono::nanoseconds Duration::to_nanoseconds() const {
  return std::chrono::nanoseconds(seconds * 1'000'000'000 + nanos);
}

std::string format_duration(const Duration& d) {
  bool negative = d.seconds < 0 || d.nanos < 0;
  std::uint64_t s = static_cast<std::uint64_t>(d.seconds < 0 ? -d.seconds : d.seconds);
  std::int32_t n = d.nanos < 0 ? -d.nanos : d.nanos;
  return (negative ? "-" : "") + std::to_string(s) + fraction(n) + "s";
}

Duration parse_duration(std::string_view text) {
  if (text.size() > 32) throw std::invalid_argument("duration text is too long");
  std::size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && text[pos] == '-') {
    negative = true;
    ++pos;
  }
  std::int64_t seconds = 0;
  std::size_t start = pos;
  while (pos < text.size() && is_digit(text[pos])) {
    seconds = seconds * 10 + (text[pos] - '0');
    if (seconds > kMaxDurationSeconds) throw std::invalid_argument("duration out of range");
    ++pos;
  }
  if (pos == start) throw std::invalid_argument("a duration needs digits before the 's'");
  std::int32_t nanos = parse_fraction(text, pos);
  if (pos + 1 != text.size() || text[pos] != 's') throw std::invalid_argument("a duration ends with 's'");
  if (negative) return {-seconds, -nanos};
  return {seconds, nanos};
}

}  // namespace ntpmon::api
