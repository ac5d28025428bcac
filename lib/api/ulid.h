#pragma once
// ULIDs (https://github.com/ulid/spec): 48 bits of Unix milliseconds and 80 random bits,
// written as 26 characters of Crockford base32, upper case. The batch id of GetServers (spec
// api.md §4.2); its time is what the batch-order rule of SubmitResults compares (§4.5).

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace ntpmon::api {

inline constexpr std::size_t kUlidTextLength = 26;

class Ulid {
 public:
  using Millis = std::chrono::sys_time<std::chrono::milliseconds>;

  // A new ULID for `now` with 80 bits from the OpenSSL random generator.
  static Ulid generate(std::chrono::system_clock::time_point now = std::chrono::system_clock::now());
  // A ULID with the given time and random part (tests, the benchmark).
  static Ulid from_parts(Millis time, const std::array<std::uint8_t, 10>& random);
  // Parses the text form (case-insensitive, as the reference parser). Throws
  // std::invalid_argument naming the problem: the length, a character outside Crockford
  // base32 and its position, or a value beyond 2^128 (first character above '7').
  static Ulid parse(std::string_view text);

  // The canonical text: 26 upper-case characters.
  std::string to_string() const;
  Millis time() const;
  const std::array<std::uint8_t, 16>& bytes() const { return bytes_; }

  bool operator==(const Ulid&) const = default;

 private:
  std::array<std::uint8_t, 16> bytes_{};
};

}  // namespace ntpmon::api
