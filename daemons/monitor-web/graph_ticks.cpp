#include "graph_ticks.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>

#include "time_text.h"

namespace ntpmon::web {
namespace {

constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kMinute = 60 * kSecond;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;
constexpr std::int64_t kWeek = 7 * kDay;
constexpr std::int64_t kMonth = 30 * kDay;  // d3's nominal durations, used to pick an interval
constexpr std::int64_t kYear = 365 * kDay;

struct TickSpec {
  double i1, i2, inc;  // inc < 0: the ticks are i / -inc
};

TickSpec tick_spec(double start, double stop, double count) {
  const double e10 = std::sqrt(50.0), e5 = std::sqrt(10.0), e2 = std::sqrt(2.0);
  double step = (stop - start) / std::max(0.0, count);
  double power = std::floor(std::log10(step));
  double error = step / std::pow(10.0, power);
  double factor = error >= e10 ? 10 : error >= e5 ? 5 : error >= e2 ? 2 : 1;
  double i1, i2, inc;
  if (power < 0) {
    inc = std::pow(10.0, -power) / factor;
    i1 = std::round(start * inc);
    i2 = std::round(stop * inc);
    if (i1 / inc < start) ++i1;
    if (i2 / inc > stop) --i2;
    inc = -inc;
  } else {
    inc = std::pow(10.0, power) * factor;
    i1 = std::round(start / inc);
    i2 = std::round(stop / inc);
    if (i1 * inc < start) ++i1;
    if (i2 * inc > stop) --i2;
  }
  if (i2 < i1 && 0.5 <= count && count < 2) return tick_spec(start, stop, count * 2);
  return {i1, i2, inc};
}

// d3's tickStep: the distance between nice ticks.
double tick_step(double start, double stop, double count) {
  bool reverse = stop < start;
  double inc = reverse ? tick_spec(stop, start, count).inc : tick_spec(start, stop, count).inc;
  return (reverse ? -1 : 1) * (inc < 0 ? 1 / -inc : inc);
}

enum class Unit { second, minute, hour, day, week, month, year };

struct Interval {
  Unit unit;
  int step;
  std::int64_t duration;
};

constexpr std::array<Interval, 17> kIntervals = {{
    {Unit::second, 1, kSecond},     {Unit::second, 5, 5 * kSecond},   {Unit::second, 15, 15 * kSecond},
    {Unit::second, 30, 30 * kSecond}, {Unit::minute, 1, kMinute},     {Unit::minute, 5, 5 * kMinute},
    {Unit::minute, 15, 15 * kMinute}, {Unit::minute, 30, 30 * kMinute}, {Unit::hour, 1, kHour},
    {Unit::hour, 3, 3 * kHour},       {Unit::hour, 6, 6 * kHour},       {Unit::hour, 12, 12 * kHour},
    {Unit::day, 1, kDay},             {Unit::day, 2, 2 * kDay},         {Unit::week, 1, kWeek},
    {Unit::month, 1, kMonth},         {Unit::month, 3, 3 * kMonth},
}};

using namespace std::chrono;

sys_time<milliseconds> to_time(std::int64_t ms) { return sys_time<milliseconds>{milliseconds{ms}}; }
std::int64_t to_ms(sys_time<milliseconds> t) { return t.time_since_epoch().count(); }

// The first boundary of `unit` at or after t, and the next boundary after a boundary.
std::int64_t ceil_to_unit(std::int64_t t, Unit unit) {
  auto fixed = [&](std::int64_t d) {
    std::int64_t f = t - ((t % d) + d) % d;
    return f == t ? t : f + d;
  };
  switch (unit) {
    case Unit::second: return fixed(kSecond);
    case Unit::minute: return fixed(kMinute);
    case Unit::hour: return fixed(kHour);
    case Unit::day: return fixed(kDay);
    case Unit::week: {
      // UTC Sundays: 1970-01-04 was one.
      std::int64_t sunday = 3 * kDay;
      std::int64_t f = t - (((t - sunday) % kWeek) + kWeek) % kWeek;
      return f == t ? t : f + kWeek;
    }
    case Unit::month: {
      sys_days day = floor<days>(to_time(t));
      year_month_day ymd{day};
      sys_days first = sys_days{ymd.year() / ymd.month() / 1};
      std::int64_t f = to_ms(time_point_cast<milliseconds>(first));
      if (f == t) return t;
      return to_ms(time_point_cast<milliseconds>(sys_days{(ymd.year() / ymd.month() + months{1}) / 1}));
    }
    case Unit::year: {
      year_month_day ymd{floor<days>(to_time(t))};
      std::int64_t f = to_ms(time_point_cast<milliseconds>(sys_days{ymd.year() / January / 1}));
      if (f == t) return t;
      return to_ms(time_point_cast<milliseconds>(sys_days{(ymd.year() + years{1}) / January / 1}));
    }
  }
  return t;
}

std::int64_t next_boundary(std::int64_t t, Unit unit) { return ceil_to_unit(t + 1, unit); }

// d3's `every(step)` filter: the unit's field modulo step.
bool on_step(std::int64_t t, Unit unit, int step) {
  if (step <= 1) return true;
  auto tp = to_time(t);
  sys_days day = floor<days>(tp);
  year_month_day ymd{day};
  hh_mm_ss hms{tp - day};
  switch (unit) {
    case Unit::second: return hms.seconds().count() % step == 0;
    case Unit::minute: return hms.minutes().count() % step == 0;
    case Unit::hour: return hms.hours().count() % step == 0;
    case Unit::day: return (static_cast<unsigned>(ymd.day()) - 1) % static_cast<unsigned>(step) == 0;
    case Unit::week: return ((t - 3 * kDay) / kWeek) % step == 0;
    case Unit::month: return (static_cast<unsigned>(ymd.month()) - 1) % static_cast<unsigned>(step) == 0;
    case Unit::year: return static_cast<int>(ymd.year()) % step == 0;
  }
  return true;
}

std::vector<std::int64_t> unit_ticks(std::int64_t start, std::int64_t stop, Unit unit, int step) {
  std::vector<std::int64_t> out;
  for (std::int64_t t = ceil_to_unit(start, unit); t <= stop; t = next_boundary(t, unit)) {
    if (on_step(t, unit, step)) out.push_back(t);
  }
  return out;
}

}  // namespace

std::vector<double> nice_linear_ticks(double start, double stop, int count) {
  if (count <= 0) return {};
  if (start == stop) return {start};
  bool reverse = stop < start;
  TickSpec spec = reverse ? tick_spec(stop, start, count) : tick_spec(start, stop, count);
  if (!(spec.i2 >= spec.i1)) return {};
  auto n = static_cast<std::size_t>(spec.i2 - spec.i1 + 1);
  std::vector<double> ticks(n);
  for (std::size_t i = 0; i < n; ++i) {
    double k = reverse ? spec.i2 - static_cast<double>(i) : spec.i1 + static_cast<double>(i);
    ticks[i] = spec.inc < 0 ? k / -spec.inc : k * spec.inc;
  }
  return ticks;
}

std::vector<std::int64_t> utc_time_ticks(std::int64_t start, std::int64_t stop, int count) {
  if (stop < start) std::swap(start, stop);
  double target = static_cast<double>(stop - start) / count;
  auto upper = std::upper_bound(kIntervals.begin(), kIntervals.end(), target,
                                [](double v, const Interval& i) { return v < static_cast<double>(i.duration); });
  if (upper == kIntervals.end()) {
    double step = tick_step(static_cast<double>(start) / kYear, static_cast<double>(stop) / kYear, count);
    return unit_ticks(start, stop, Unit::year, std::max(1, static_cast<int>(std::floor(step))));
  }
  if (upper == kIntervals.begin()) {
    // Below one second: every k milliseconds.
    auto k = static_cast<std::int64_t>(std::max(1.0, std::floor(tick_step(static_cast<double>(start),
                                                                          static_cast<double>(stop), count))));
    std::vector<std::int64_t> out;
    std::int64_t first = start % k == 0 ? start : start - ((start % k) + k) % k + k;
    for (std::int64_t t = first; t <= stop; t += k) out.push_back(t);
    return out;
  }
  const Interval& below = *(upper - 1);
  const Interval& above = *upper;
  const Interval& chosen =
      target / static_cast<double>(below.duration) < static_cast<double>(above.duration) / target ? below : above;
  return unit_ticks(start, stop, chosen.unit, chosen.step);
}

std::vector<TimeTick> graph_time_ticks(std::int64_t start_ms, std::int64_t stop_ms) {
  bool short_range = stop_ms - start_ms <= kDay;
  std::vector<TimeTick> out;
  std::string last_date;
  for (std::int64_t t : utc_time_ticks(start_ms, stop_ms, short_range ? 6 : 5)) {
    std::int64_t s = t >= 0 ? t / 1000 : -((-t + 999) / 1000);
    std::string label;
    if (short_range) {
      label = format_hour_minute(s);
    } else {
      std::string date = format_date(s);
      if (date != last_date) {
        label = (t % kDay == 0) ? date : date + " " + format_hour_minute(s);
        last_date = date;
      } else {
        label = format_hour_minute(s);
      }
    }
    out.push_back({t, std::move(label)});
  }
  return out;
}

}  // namespace ntpmon::web
