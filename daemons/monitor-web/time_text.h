#pragma once
// Text forms of UTC times used by the outputs.

#include <cstdint>
#include <string>

namespace ntpmon::web {

std::string format_sql_datetime(std::int64_t unix_seconds);  // 2025-06-01 11:55:00
std::string format_rfc3339_utc(std::int64_t unix_seconds);   // 2025-06-01T11:55:00Z
std::string format_iso_local(std::int64_t unix_seconds);     // 2025-06-01T11:55:00 (no zone)
std::string format_date(std::int64_t unix_seconds);          // 2025-06-01
std::string format_hour_minute(std::int64_t unix_seconds);   // 11:55
std::string format_long_date(std::int64_t unix_seconds);     // June 01, 2025

// The RFC 3339 text of the zero time, used for a NULL score_ts (§3.3).
inline constexpr const char* kZeroTimeRfc3339 = "0001-01-01T00:00:00Z";

}  // namespace ntpmon::web
