#include "time_text.h"

#include <array>
#include <chrono>
#include <cstdio>

namespace ntpmon::web {
namespace {

struct Civil {
  int year;
  unsigned month, day, hour, minute, second;
};

Civil civil(std::int64_t unix_seconds) {
  using namespace std::chrono;
  sys_seconds t{seconds{unix_seconds}};
  sys_days day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss hms{t - day};
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
          static_cast<unsigned>(hms.hours().count()), static_cast<unsigned>(hms.minutes().count()),
          static_cast<unsigned>(hms.seconds().count())};
}

template <typename... Args>
std::string print(const char* format, Args... args) {
  std::array<char, 64> buf{};
  int n = std::snprintf(buf.data(), buf.size(), format, args...);
  return std::string(buf.data(), n > 0 ? static_cast<std::size_t>(n) : 0);
}

}  // namespace

std::string format_sql_datetime(std::int64_t s) {
  Civil c = civil(s);
  if (c.year < 0 || c.year > 9999) {
    return print("%04d-%02u-%02u %02u:%02u:%02u", c.year, c.month, c.day, c.hour, c.minute, c.second);
  }
  // Written digit by digit: one per CSV row.
  std::string out = "0000-00-00 00:00:00";
  auto two = [&](std::size_t at, unsigned v) {
    out[at] = static_cast<char>('0' + v / 10);
    out[at + 1] = static_cast<char>('0' + v % 10);
  };
  auto year = static_cast<unsigned>(c.year);
  two(0, year / 100);
  two(2, year % 100);
  two(5, c.month);
  two(8, c.day);
  two(11, c.hour);
  two(14, c.minute);
  two(17, c.second);
  return out;
}

std::string format_rfc3339_utc(std::int64_t s) {
  Civil c = civil(s);
  return print("%04d-%02u-%02uT%02u:%02u:%02uZ", c.year, c.month, c.day, c.hour, c.minute, c.second);
}

std::string format_iso_local(std::int64_t s) {
  Civil c = civil(s);
  return print("%04d-%02u-%02uT%02u:%02u:%02u", c.year, c.month, c.day, c.hour, c.minute, c.second);
}

std::string format_date(std::int64_t s) {
  Civil c = civil(s);
  return print("%04d-%02u-%02u", c.year, c.month, c.day);
}

std::string format_hour_minute(std::int64_t s) {
  Civil c = civil(s);
  return print("%02u:%02u", c.hour, c.minute);
}

std::string format_long_date(std::int64_t s) {
  static constexpr std::array<const char*, 12> kMonths = {"January", "February", "March",     "April",
                                                          "May",     "June",     "July",      "August",
                                                          "September", "October", "November", "December"};
  Civil c = civil(s);
  return print("%s %02u, %04d", kMonths[c.month - 1], c.day, c.year);
}

}  // namespace ntpmon::web
