// DATETIME / TIMESTAMP / DATE text <-> std::chrono. All values are UTC (the database runs
// with time_zone = '+00:00'; DATETIME has no zone of its own).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "sqlrt/errors.h"

namespace ntpmon::sqlrt {

using sys_micros = std::chrono::sys_time<std::chrono::microseconds>;

// "YYYY-MM-DD HH:MM:SS[.f{1,6}]" (a 'T' instead of the space is accepted). A fraction is
// truncated towards the past. Zero dates and out-of-range fields throw conversion_error.
std::chrono::sys_seconds parse_datetime(std::string_view text, const FieldRef& where = {});
// Same text, keeping up to microsecond precision (a DATETIME(6) column).
sys_micros parse_datetime_micros(std::string_view text, const FieldRef& where = {});
// "YYYY-MM-DD".
std::chrono::sys_days parse_date(std::string_view text, const FieldRef& where = {});

// "YYYY-MM-DD HH:MM:SS".
std::string format_datetime(std::chrono::sys_seconds t);
// "YYYY-MM-DD HH:MM:SS.ffffff" (always six digits, so DATETIME(6) keeps the microseconds).
std::string format_datetime(sys_micros t);
// "YYYY-MM-DD".
std::string format_date(std::chrono::sys_days d);

}  // namespace ntpmon::sqlrt
