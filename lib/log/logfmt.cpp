#include "log/logfmt.h"

#include <cstdio>
#include <ctime>

namespace ntpmon::log {

namespace {

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

bool unsafe_in_key(unsigned char c) { return c == ' ' || c == '=' || c == '"' || is_control(c); }

}  // namespace

bool needs_quoting(std::string_view value) {
  if (value.empty()) return true;
  for (unsigned char c : value) {
    if (c == ' ' || c == '"' || c == '=' || c == '\\' || is_control(c)) return true;
  }
  return false;
}

void append_quoted(std::string& out, std::string_view value) {
  out.push_back('"');
  for (unsigned char c : value) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (is_control(c)) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

void append_value(std::string& out, std::string_view value) {
  if (needs_quoting(value)) {
    append_quoted(out, value);
  } else {
    out.append(value);
  }
}

std::string sanitize_key(std::string_view key) {
  if (key.empty()) return "_";
  std::string out(key);
  for (char& c : out) {
    if (unsafe_in_key(static_cast<unsigned char>(c))) c = '_';
  }
  return out;
}

std::string format_timestamp(std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  auto ms = time_point_cast<milliseconds>(when);
  auto secs = floor<seconds>(ms);
  auto millis = (ms - secs).count();
  std::time_t t = system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis));
  return buf;
}

namespace {

void append_fields(std::string& out, std::span<const Field> fields) {
  for (const Field& f : fields) {
    out.push_back(' ');
    out += sanitize_key(f.key);
    out.push_back('=');
    append_value(out, f.value);
  }
}

}  // namespace

std::string format_line(std::chrono::system_clock::time_point when, Level level,
                        std::string_view msg, std::span<const Field> fixed,
                        std::span<const Field> call) {
  std::string out;
  out.reserve(96 + msg.size());
  out += "ts=";
  out += format_timestamp(when);
  out += " level=";
  out += to_string(level);
  out += " msg=";
  append_quoted(out, msg);
  append_fields(out, fixed);
  append_fields(out, call);
  out.push_back('\n');
  return out;
}

}  // namespace ntpmon::log
