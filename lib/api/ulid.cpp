#include "api/ulid.h"

#include <openssl/rand.h>

#include <stdexcept>

namespace ntpmon::api {
namespace {

constexpr char kCrockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// Crockford base32 value of a character; lower case accepted. -1 for anything else
// (including I, L, O and U, which the ULID spec does not decode).
int decode_char(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  for (int i = 10; i < 32; ++i) {
    if (kCrockford[i] == c) return i;
  }
  return -1;
}

}  // namespace

Ulid Ulid::generate(std::chrono::system_clock::time_point now) {
  std::array<std::uint8_t, 10> random{};
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
    throw std::runtime_error("ULID: the random generator failed");
  }
  return from_parts(std::chrono::floor<std::chrono::milliseconds>(now), random);
}

Ulid Ulid::from_parts(Millis time, const std::array<std::uint8_t, 10>& random) {
  Ulid u;
  auto ms = static_cast<std::uint64_t>(time.time_since_epoch().count()) & 0xFFFF'FFFF'FFFFull;
  for (int i = 0; i < 6; ++i) u.bytes_[i] = static_cast<std::uint8_t>(ms >> (8 * (5 - i)));
  for (int i = 0; i < 10; ++i) u.bytes_[6 + i] = random[i];
  return u;
}

Ulid Ulid::parse(std::string_view text) {
  if (text.size() != kUlidTextLength) {
    throw std::invalid_argument("a ULID has 26 characters, not " + std::to_string(text.size()));
  }
  std::array<int, kUlidTextLength> v{};
  for (std::size_t i = 0; i < text.size(); ++i) {
    v[i] = decode_char(text[i]);
    if (v[i] < 0) {
      throw std::invalid_argument("character " + std::to_string(i + 1) + " of the ULID is not Crockford base32");
    }
  }
  if (v[0] > 7) throw std::invalid_argument("ULID value overflows 128 bits (first character above '7')");
  // 26 characters × 5 bits = 130 bits; the top 2 bits are zero.
  Ulid u;
  unsigned acc = 0;
  int bits = 0;
  std::size_t out = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    acc = (acc << 5) | static_cast<unsigned>(v[i]);
    bits += 5;
    if (i == 0) bits -= 2;  // drop the two always-zero top bits
    while (bits >= 8) {
      bits -= 8;
      u.bytes_[out++] = static_cast<std::uint8_t>((acc >> bits) & 0xff);
    }
    acc &= (1u << bits) - 1;
  }
  return u;
}

std::string Ulid::to_string() const {
  std::string text(kUlidTextLength, '0');
  // Walk the 128 bits from the least significant end, 5 bits per character.
  unsigned acc = 0;
  int bits = 0;
  int pos = static_cast<int>(kUlidTextLength) - 1;
  for (int i = 15; i >= 0; --i) {
    acc |= static_cast<unsigned>(bytes_[i]) << bits;
    bits += 8;
    while (bits >= 5 && pos >= 0) {
      text[pos--] = kCrockford[acc & 31];
      acc >>= 5;
      bits -= 5;
    }
  }
  if (pos >= 0) text[pos] = kCrockford[acc & 31];
  return text;
}

Ulid::Millis Ulid::time() const {
  std::uint64_t ms = 0;
  for (int i = 0; i < 6; ++i) ms = (ms << 8) | bytes_[i];
  return Millis(std::chrono::milliseconds(static_cast<std::int64_t>(ms)));
}

}  // namespace ntpmon::api
