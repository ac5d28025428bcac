#include "ntp/status.h"

#include "ntp/errors.h"

namespace ntpmon::ntp {

ServerStatus make_submission_status(const CheckResult& result, const IpAddress& target,
                                    std::string ticket, SysTime now) {
  ServerStatus s;
  if (result.status) {
    s = *result.status;
  } else {
    s.ip = target;
    s.no_response = true;
  }
  s.ticket = std::move(ticket);
  if (!result.error.empty()) {
    if (result.error.starts_with("network:")) s.no_response = true;
    s.error = result.error;
  }
  s.ts = now;
  return s;
}

}  // namespace ntpmon::ntp
