#pragma once
// The CSV score history (spec scores-api.md §2): header line, one line per row, LF line
// ends including the last, Go csv.Writer quoting.

#include <span>
#include <string>
#include <string_view>

#include "history_model.h"

namespace ntpmon::web {

inline constexpr std::string_view kCsvHeader = "ts_epoch,ts,offset,step,score,monitor_id,monitor_name,rtt,leap,error";

std::string render_history_csv(std::span<const HistoryEntry> rows);

// §2.4: NUL -> "<NULL>", other controls below U+0020 except TAB/LF/CR -> "<0xNN>", invalid
// UTF-8 -> U+FFFD.
std::string sanitize_error_text(std::string_view text);

// Appends a field, quoted as Go's csv.Writer does (comma, quote, CR or LF inside; a leading
// white-space character; exactly "\."), with '"' doubled inside quotes.
void append_csv_field(std::string& out, std::string_view field);

}  // namespace ntpmon::web
