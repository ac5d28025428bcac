#pragma once
// The per-server monitor limit X of an account (spec/selector.md §4.1), read from
// accounts.flags exactly as the original decodes it (Go encoding/json into a struct with the
// members monitor_limit int, monitors_per_server_limit int, monitor_enabled bool):
// member names match case-insensitively, unknown members are ignored, a JSON null is no
// value, and any decode error -- bad syntax, a top level that is not an object, a number
// that is not an integer literal or is out of int64 range for an int member, anything but
// true/false for monitor_enabled -- discards the whole value. No value, an error, or a
// value <= 0 gives the default 2.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ntpmon::selection {

struct AccountFlagsLimit {
  std::int64_t per_server_limit = 2;  // X
  // Why the flags could not be decoded (the default was used); nullopt when they decoded
  // (including NULL flags and a missing member, which are not problems).
  std::optional<std::string> decode_error;
};

AccountFlagsLimit per_server_limit_from_flags(const std::optional<std::string>& flags);

}  // namespace ntpmon::selection
