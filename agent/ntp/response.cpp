#include "ntp/response.h"

#include "ntp/errors.h"

namespace ntpmon::ntp {

std::string_view validate_reply(const Header& reply, Timestamp nonce) {
  if (reply.mode != Mode::server) return errors::kInvalidMode;
  if (reply.version < 1 || reply.version > 4) return errors::kInvalidVersion;
  if (reply.transmit_time.is_zero()) return errors::kInvalidTransmitTime;
  if (!answers_request(reply, nonce)) return errors::kResponseMismatch;
  if (reply.receive_time.is_zero()) return errors::kInvalidReceiveTime;
  // Era-safe: the modulo-2^64 difference read as signed (exact, no rounding to ns).
  if (static_cast<std::int64_t>(reply.transmit_time.raw - reply.receive_time.raw) < 0) {
    return errors::kTickedBackwards;
  }
  return {};
}

Response compute_response(const Header& reply, SysTime t1, SysTime t4) {
  Response r;
  r.header = reply;
  r.t1 = t1;
  r.t4 = t4;
  const SysTime t2 = from_ntp(reply.receive_time, t1);
  const SysTime t3 = from_ntp(reply.transmit_time, t1);
  // Each difference is below 2^31 s (< 2.2e18 ns), so the sum fits in 64 bits.
  r.offset = ((t2 - t1) + (t3 - t4)) / 2;
  r.rtt = (t4 - t1) - (t3 - t2);
  if (r.rtt.count() < 0) r.rtt = std::chrono::nanoseconds{0};
  r.stratum = reply.stratum;
  r.leap = reply.leap;
  r.reference_id = reply.reference_id;
  r.kiss_code = kiss_code(reply.stratum, reply.reference_id);
  r.root_delay = to_duration(reply.root_delay);
  r.root_dispersion = to_duration(reply.root_dispersion);
  r.root_distance = (r.rtt + r.root_delay) / 2 + r.root_dispersion;
  r.precision = reply.precision;
  r.poll = reply.poll;
  return r;
}

}  // namespace ntpmon::ntp
