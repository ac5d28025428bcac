#include "pki/validity.h"

#include <algorithm>

namespace ntpmon::pki {

std::chrono::seconds renewal_threshold(const CertificateDates& dates) {
  return dates.lifetime() * RenewWhenRemainingFraction::num / RenewWhenRemainingFraction::den;
}

std::chrono::sys_seconds renew_after(const CertificateDates& dates) {
  return dates.not_after - renewal_threshold(dates);
}

ValidityCheck check_validity(const CertificateDates& dates, Clock::time_point now) {
  const std::chrono::seconds threshold = renewal_threshold(dates);
  const Clock::time_point renew_at = renew_after(dates);
  ValidityCheck check;
  check.have_certificate = true;
  if (now > renew_at) {
    check.valid = false;
    check.next_check = std::min<Clock::duration>(threshold, kMaxNextCheckWhenRenewalDue);
  } else {
    check.valid = true;
    check.next_check = (renew_at - now) + kNextCheckSlack;
  }
  return check;
}

ValidityCheck check_validity(const std::optional<CertificateDates>& dates, Clock::time_point now) {
  if (!dates) return ValidityCheck{};
  return check_validity(*dates, now);
}

}  // namespace ntpmon::pki
