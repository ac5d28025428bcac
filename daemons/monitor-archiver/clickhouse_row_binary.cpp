#include "clickhouse_row_binary.h"

#include <bit>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <limits>

namespace ntpmon::archiver {

namespace {

static_assert(std::endian::native == std::endian::little, "RowBinary is little-endian; add byte swapping");

template <class T>
void put(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

void put_varint(std::string& out, std::uint64_t n) {
  while (n >= 0x80) {
    out.push_back(static_cast<char>((n & 0x7f) | 0x80));
    n >>= 7;
  }
  out.push_back(static_cast<char>(n));
}

}  // namespace

std::int64_t utc_day_number(std::int64_t ts) {
  std::int64_t day = ts / 86400;
  if (ts % 86400 < 0) --day;
  return day;
}

std::string format_day(std::int64_t day) {
  std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{day}}};
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return text;
}

void append_row_binary(std::string& out, const LogScoreRecord& r) {
  if (r.ts < 0 || r.ts > std::numeric_limits<std::uint32_t>::max()) {
    throw std::invalid_argument("log score id " + std::to_string(r.id) + ": ts " + std::to_string(r.ts) +
                                " is outside ClickHouse's DateTime range");
  }
  put(out, static_cast<std::uint16_t>(utc_day_number(r.ts)));
  put(out, r.id);
  put(out, r.monitor_id);
  put(out, r.server_id);
  put(out, static_cast<std::uint32_t>(r.ts));
  put(out, static_cast<float>(r.score));
  put(out, static_cast<float>(r.step));
  if (r.offset) {
    out.push_back(0);
    put(out, *r.offset);
  } else {
    out.push_back(1);
  }
  if (r.rtt) {
    out.push_back(0);
    put(out, static_cast<std::uint32_t>(*r.rtt));  // -1 wraps to 4294967295, as the original
  } else {
    out.push_back(1);
  }
  if (r.leap != 0) {
    out.push_back(0);
    put(out, r.leap);
  } else {
    out.push_back(1);
  }
  if (!r.error.empty()) {
    out.push_back(0);
    put_varint(out, r.error.size());
    out.append(r.error);
  } else {
    out.push_back(1);
  }
}

}  // namespace ntpmon::archiver
