#include "ntp/render.h"

#include <time.h>

#include <cstdint>
#include <cstdio>
#include <sstream>

#include "ntp/packet.h"

namespace ntpmon::ntp {

namespace {

// v / 10^prec with the fraction's trailing zeros (and a bare point) dropped.
std::string fixed_trimmed(std::uint64_t v, int prec) {
  std::uint64_t scale = 1;
  for (int i = 0; i < prec; ++i) scale *= 10;
  std::string s = std::to_string(v / scale);
  std::uint64_t frac = v % scale;
  if (frac != 0) {
    std::string digits(static_cast<std::size_t>(prec), '0');
    for (int i = prec - 1; i >= 0; --i) {
      digits[static_cast<std::size_t>(i)] = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    s += '.';
    s += digits;
  }
  return s;
}

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (const char c : escape_text(s)) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

std::string opt_duration(const std::optional<std::chrono::nanoseconds>& d) {
  return d ? format_go_duration(*d) : std::string("-");
}

std::string power_of_two(std::int8_t exponent) {
  std::string s = "2^" + std::to_string(exponent) + " s";
  const auto d = log2_seconds(exponent);
  if (d != std::chrono::nanoseconds::max()) s += " (" + format_go_duration(d) + ")";
  return s;
}

}  // namespace

std::string format_go_duration(std::chrono::nanoseconds d) {
  const bool negative = d.count() < 0;
  // Magnitude as unsigned, also for the most negative value.
  const std::uint64_t u =
      negative ? std::uint64_t{0} - static_cast<std::uint64_t>(d.count()) : static_cast<std::uint64_t>(d.count());
  std::string s;
  if (u == 0) return "0s";
  if (u < 1'000'000'000ULL) {
    if (u < 1'000ULL) {
      s = std::to_string(u) + "ns";
    } else if (u < 1'000'000ULL) {
      s = fixed_trimmed(u, 3) + "µs";
    } else {
      s = fixed_trimmed(u, 6) + "ms";
    }
  } else {
    const std::uint64_t total_seconds = u / 1'000'000'000ULL;
    const std::uint64_t seconds = total_seconds % 60;
    const std::uint64_t minutes = (total_seconds / 60) % 60;
    const std::uint64_t hours = total_seconds / 3600;
    const std::string sec = fixed_trimmed(seconds * 1'000'000'000ULL + u % 1'000'000'000ULL, 9) + "s";
    if (hours > 0) {
      s = std::to_string(hours) + "h" + std::to_string(minutes) + "m" + sec;
    } else if (total_seconds >= 60) {
      s = std::to_string(minutes) + "m" + sec;
    } else {
      s = sec;
    }
  }
  return negative ? "-" + s : s;
}

std::string format_time(SysTime t) {
  const std::int64_t ns = t.time_since_epoch().count();
  std::int64_t secs = ns / 1'000'000'000;
  std::int64_t frac = ns % 1'000'000'000;
  if (frac < 0) {
    frac += 1'000'000'000;
    --secs;
  }
  const time_t tt = static_cast<time_t>(secs);
  tm utc{};
  if (::gmtime_r(&tt, &utc) == nullptr) return "invalid time";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%09lldZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<long long>(frac));
  return buf;
}

std::string escape_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 32 && u <= 126) {
      out += c;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    }
  }
  return out;
}

std::string to_log_fields(const ServerStatus& s) {
  std::ostringstream o;
  o << "ip=" << s.ip.to_string() << " no_response=" << (s.no_response ? "true" : "false")
    << " offset=" << opt_duration(s.offset) << " rtt=" << opt_duration(s.rtt)
    << " stratum=" << static_cast<unsigned>(s.stratum) << " leap=" << static_cast<unsigned>(s.leap)
    << " error=" << quoted(s.error);
  return o.str();
}

std::string render_check_result(const IpAddress& target, const CheckResult& r) {
  std::ostringstream o;
  o << "NTP check of " << target.to_string() << "\n";
  if (r.cancelled) {
    o << "  result:          cancelled\n";
    return o.str();
  }
  if (r.error.empty()) {
    o << "  result:          ok\n";
  } else {
    o << "  result:          error: " << escape_text(r.error) << "\n";
  }
  if (!r.status) {
    o << "  (no packet sent)\n";
    return o.str();
  }
  const ServerStatus& s = *r.status;
  o << "  no response:     " << (s.no_response ? "yes" : "no") << "\n";
  o << "  offset:          " << opt_duration(s.offset) << "\n";
  o << "  rtt:             " << opt_duration(s.rtt) << "\n";
  if (r.response) {
    const Response& p = *r.response;
    o << "  stratum:         " << static_cast<unsigned>(s.stratum) << "\n";
    o << "  leap:            " << static_cast<unsigned>(s.leap) << " (" << to_string(p.leap) << ")\n";
    o << "  reference id:    " << render_reference_id(p.stratum, p.reference_id) << " ("
      << format_reference_id_hex(p.reference_id) << ")\n";
    if (!p.kiss_code.empty()) {
      const std::string_view meaning = describe_kiss_code(p.kiss_code);
      o << "  kiss code:       " << p.kiss_code;
      if (!meaning.empty()) o << " (" << meaning << ")";
      o << "\n";
    }
    o << "  root delay:      " << format_go_duration(p.root_delay) << "\n";
    o << "  root dispersion: " << format_go_duration(p.root_dispersion) << "\n";
    o << "  root distance:   " << format_go_duration(p.root_distance) << "\n";
    o << "  precision:       " << power_of_two(p.precision) << "\n";
    o << "  poll:            " << power_of_two(p.poll) << "\n";
    o << "  version:         " << static_cast<unsigned>(p.header.version) << "\n";
    o << "  reference time:  "
      << (p.header.reference_time.is_zero() ? std::string("-") : format_time(from_ntp(p.header.reference_time, p.t1)))
      << "\n";
    o << "  client send:     " << format_time(p.t1) << "\n";
    o << "  server receive:  " << format_time(from_ntp(p.header.receive_time, p.t1)) << "\n";
    o << "  server transmit: " << format_time(from_ntp(p.header.transmit_time, p.t1)) << "\n";
    o << "  client receive:  " << format_time(p.t4) << (p.kernel_rx_timestamp ? " (kernel)" : " (user space)")
      << "\n";
  }
  o << "  samples:\n";
  for (std::size_t i = 0; i < r.samples.size(); ++i) {
    const Sample& sm = r.samples[i];
    o << "    " << (i + 1) << ((r.chosen && *r.chosen == i) ? "*" : " ") << " "
      << to_log_fields(sm.status);
    if (sm.datagrams_received > 1) o << " datagrams=" << sm.datagrams_received;
    o << "\n";
  }
  return o.str();
}

}  // namespace ntpmon::ntp
