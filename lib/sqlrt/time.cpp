#include "sqlrt/time.h"

#include <cstdio>

namespace ntpmon::sqlrt {
namespace {

using namespace std::chrono;

[[noreturn]] void bad(const FieldRef& where, std::string_view what, std::string_view text) {
  std::string msg = "invalid ";
  msg += what;
  msg += " '";
  msg += text;
  msg += "'";
  throw_conversion_error(where, msg);
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

// Parses "YYYY-MM-DD" at the start of text into a day; false when malformed or invalid.
bool parse_ymd(std::string_view text, sys_days& out) {
  int y = 0, m = 0, d = 0;
  if (!digits(text, 0, 4, y) || text.size() < 10 || text[4] != '-' || !digits(text, 5, 2, m) || text[7] != '-' ||
      !digits(text, 8, 2, d)) {
    return false;
  }
  year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (y == 0 || !ymd.ok()) return false;
  out = sys_days{ymd};
  return true;
}

// Parses a datetime with an optional fraction; returns microseconds since the epoch.
sys_micros parse_any(std::string_view text, const FieldRef& where) {
  sys_days day;
  if (text.size() < 19 || !parse_ymd(text, day) || (text[10] != ' ' && text[10] != 'T')) bad(where, "datetime", text);
  int hh = 0, mm = 0, ss = 0;
  if (!digits(text, 11, 2, hh) || text[13] != ':' || !digits(text, 14, 2, mm) || text[16] != ':' ||
      !digits(text, 17, 2, ss) || hh > 23 || mm > 59 || ss > 59) {
    bad(where, "datetime", text);
  }
  long long micros = 0;
  if (text.size() > 19) {
    if (text[19] != '.' || text.size() == 20 || text.size() > 26) bad(where, "datetime", text);
    int scale = 100000;
    for (std::size_t i = 20; i < text.size(); ++i) {
      char c = text[i];
      if (c < '0' || c > '9') bad(where, "datetime", text);
      micros += (c - '0') * scale;
      scale /= 10;
    }
  }
  return sys_micros{day} + hours{hh} + minutes{mm} + seconds{ss} + microseconds{micros};
}

void check_year(year_month_day ymd) {
  int y = static_cast<int>(ymd.year());
  if (y < 1 || y > 9999) throw conversion_error("date outside the years 0001..9999: year " + std::to_string(y));
}

std::string ymd_text(year_month_day ymd) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace

sys_seconds parse_datetime(std::string_view text, const FieldRef& where) {
  return floor<seconds>(parse_any(text, where));
}

sys_micros parse_datetime_micros(std::string_view text, const FieldRef& where) { return parse_any(text, where); }

sys_days parse_date(std::string_view text, const FieldRef& where) {
  sys_days day;
  if (text.size() != 10 || !parse_ymd(text, day)) bad(where, "date", text);
  return day;
}

std::string format_datetime(sys_seconds t) {
  sys_days day = floor<days>(t);
  year_month_day ymd{day};
  check_year(ymd);
  hh_mm_ss<seconds> tod{t - day};
  char buf[16];
  std::snprintf(buf, sizeof buf, " %02d:%02d:%02d", static_cast<int>(tod.hours().count()),
                static_cast<int>(tod.minutes().count()), static_cast<int>(tod.seconds().count()));
  return ymd_text(ymd) + buf;
}

std::string format_datetime(sys_micros t) {
  sys_seconds whole = floor<seconds>(t);
  long long frac = (t - whole).count();
  char buf[16];
  std::snprintf(buf, sizeof buf, ".%06lld", frac);
  return format_datetime(whole) + buf;
}

std::string format_date(sys_days d) {
  year_month_day ymd{d};
  check_year(ymd);
  return ymd_text(ymd);
}

}  // namespace ntpmon::sqlrt
