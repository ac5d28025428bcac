#include "ntp/classify.h"

#include <utility>

#include "ntp/errors.h"

namespace ntpmon::ntp {

std::string bad_stratum_error(std::uint8_t stratum, std::uint32_t reference_id) {
  std::string s(errors::kBadStratumPrefix);
  s += std::to_string(stratum);
  s += " (referenceID: ";
  s += format_reference_id_hex(reference_id);
  const std::string raw = reference_id_bytes(reference_id);
  if (is_valid_utf8(raw)) {
    s += ", ";
    s += raw;
  }
  s += ')';
  return s;
}

Classification classify_sample(const IpAddress& target, Exchange ex, SysTime now) {
  Classification c;
  Sample& s = c.sample;
  s.datagrams = std::move(ex.datagrams);
  s.datagrams_received = ex.datagrams_received;
  s.status.ip = target;
  s.status.ts = now;

  if (ex.status != ExchangeStatus::ok || !ex.response) {
    s.error = ex.error.empty() ? std::string(errors::kTimeout) : std::move(ex.error);
    s.status.no_response = true;
    s.status.error = s.error;
    return c;
  }

  const Response& r = *ex.response;
  s.status.offset = r.offset;
  s.status.rtt = r.rtt;
  s.status.stratum = r.stratum;
  s.status.leap = static_cast<std::uint8_t>(r.leap);
  s.status.no_response = false;
  s.status.reference_id = r.reference_id;
  s.status.kiss_code = r.kiss_code;
  s.status.root_delay = r.root_delay;
  s.status.root_dispersion = r.root_dispersion;
  s.status.root_distance = r.root_distance;

  if (r.stratum == 0 || r.stratum == 16) {
    if (!r.kiss_code.empty()) {
      if (r.kiss_code == "RATE") s.status.offset.reset();
      s.error = r.kiss_code;
    } else {
      s.error = bad_stratum_error(r.stratum, r.reference_id);
    }
    c.final = true;
  } else if (r.stratum > 10) {
    s.error = std::string(errors::kBadStratumPrefix) + std::to_string(r.stratum);
    c.final = true;
  }
  s.status.error = s.error;
  s.response = std::move(ex.response);  // last: `r` refers to it
  return c;
}

std::optional<std::size_t> select_best(std::span<const Sample> samples) {
  if (samples.empty()) return std::nullopt;
  std::size_t best = 0;
  for (std::size_t i = 1; i < samples.size(); ++i) {
    const Sample& b = samples[best];
    const Sample& r = samples[i];
    const bool r_err = !r.error.empty();
    const bool b_err = !b.error.empty();
    const bool both_rtt = r.status.rtt.has_value() && b.status.rtt.has_value();
    if (!r_err && b_err) {
      best = i;  // rule 1
    } else if (r_err && b_err && !r.status.no_response && b.status.no_response) {
      best = i;  // rule 2
    } else if (!r_err && !b_err) {
      if (both_rtt && *r.status.rtt < *b.status.rtt) best = i;  // rule 3
    } else if (r_err && b_err && r.status.no_response == b.status.no_response) {
      if (both_rtt && *r.status.rtt < *b.status.rtt) best = i;  // rule 4
    }
    // rule 5: keep best
  }
  return best;
}

}  // namespace ntpmon::ntp
