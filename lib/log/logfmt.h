#pragma once
// The logfmt encoding of one event:
//   ts=2026-01-02T03:04:05.123Z level=info msg="server scored" component=scorer server_id=42
// A value is written bare unless it is empty or holds a space, '"', '=', '\' or a control
// character; then it is quoted, with \" \\ \n \r \t and \u00XX escapes inside the quotes.
// msg is always quoted. Keys are made safe by replacing such characters with '_'.

#include <chrono>
#include <span>
#include <string>
#include <string_view>

#include "log/field.h"
#include "log/level.h"

namespace ntpmon::log {

bool needs_quoting(std::string_view value);

// Appends `value` quoted and escaped.
void append_quoted(std::string& out, std::string_view value);

// Appends `value` bare or, if needs_quoting(value), quoted.
void append_value(std::string& out, std::string_view value);

// A key with spaces, '=', '"' and control characters replaced by '_'; "_" if empty.
std::string sanitize_key(std::string_view key);

// RFC 3339 in UTC with milliseconds: 2026-01-02T03:04:05.123Z
std::string format_timestamp(std::chrono::system_clock::time_point when);

// The whole line including the trailing '\n'. `fixed` fields (a logger's) come before
// `call` fields (one event's).
std::string format_line(std::chrono::system_clock::time_point when, Level level,
                        std::string_view msg, std::span<const Field> fixed,
                        std::span<const Field> call);

}  // namespace ntpmon::log
