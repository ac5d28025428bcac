#include "csv_history.h"

#include <array>
#include <cstdio>

#include "number_format.h"
#include "time_text.h"
#include "utf8_text.h"

namespace ntpmon::web {
namespace {

bool needs_quotes(std::string_view field) {
  if (field.empty()) return false;
  if (field == "\\.") return true;
  if (field.find_first_of(",\"\r\n") != std::string_view::npos) return true;
  return is_unicode_space(decode_rune(field, 0).rune);
}

}  // namespace

std::string sanitize_error_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto c = static_cast<unsigned char>(text[pos]);
    if (c == 0) {
      out += "<NULL>";
      ++pos;
    } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      std::array<char, 8> buf{};
      std::snprintf(buf.data(), buf.size(), "<0x%02X>", static_cast<unsigned>(c));
      out += buf.data();
      ++pos;
    } else if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++pos;
    } else {
      DecodedRune r = decode_rune(text, pos);
      if (r.valid) {
        out.append(text.substr(pos, r.size));
      } else {
        append_utf8(out, kReplacementChar);
      }
      pos += r.size;
    }
  }
  return out;
}

void append_csv_field(std::string& out, std::string_view field) {
  if (!needs_quotes(field)) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

std::string render_history_csv(std::span<const HistoryEntry> rows) {
  std::string out;
  out.reserve(kCsvHeader.size() + 1 + rows.size() * 96);
  out.append(kCsvHeader);
  out.push_back('\n');
  for (const HistoryEntry& row : rows) {
    out += std::to_string(row.ts);
    out.push_back(',');
    out += format_sql_datetime(row.ts);
    out.push_back(',');
    if (row.offset) out += format_n9(*row.offset);
    out.push_back(',');
    out += format_n9(row.step);
    out.push_back(',');
    out += format_n9(row.score);
    out.push_back(',');
    out += std::to_string(row.monitor_id.value_or(0));
    out.push_back(',');
    append_csv_field(out, row.monitor_name);
    out.push_back(',');
    if (row.rtt_us) out += format_n9(*row.rtt_us / 1000.0);
    out.push_back(',');
    if (row.leap != 0) out += std::to_string(row.leap);
    out.push_back(',');
    if (!row.error.empty()) append_csv_field(out, sanitize_error_text(row.error));
    out.push_back('\n');
  }
  return out;
}

}  // namespace ntpmon::web
