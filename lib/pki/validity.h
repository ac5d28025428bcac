#pragma once
// The agent's certificate renewal rule (agent.md §8.4): renew once less than a third of the
// lifetime remains; report when to look again.

#include <chrono>
#include <optional>
#include <ratio>

namespace ntpmon::pki {

// Renew when the remaining lifetime drops below this fraction of the whole lifetime.
// Not configurable (agent.md "Project decisions", §8.4).
using RenewWhenRemainingFraction = std::ratio<1, 3>;
inline constexpr RenewWhenRemainingFraction kRenewWhenRemainingFraction{};

// While renewal is due, look again after at most this long.
inline constexpr std::chrono::hours kMaxNextCheckWhenRenewalDue{2};
// Slack added to the time until renewAfter so the next check lands just after it.
inline constexpr std::chrono::seconds kNextCheckSlack{1};

struct CertificateDates {
  std::chrono::sys_seconds not_before;
  std::chrono::sys_seconds not_after;

  std::chrono::seconds lifetime() const { return not_after - not_before; }
};

using Clock = std::chrono::system_clock;

// lifetime × kRenewWhenRemainingFraction.
std::chrono::seconds renewal_threshold(const CertificateDates& dates);
// not_after − renewal_threshold.
std::chrono::sys_seconds renew_after(const CertificateDates& dates);

struct ValidityCheck {
  bool have_certificate = false;  // false: "no certificate" (valid false, next_check 0)
  bool valid = false;             // false: renewal is due (or the certificate has expired)
  Clock::duration next_check{};   // when to check again (informational)
};

// agent.md §8.4 CheckCertificateValidity:
//   now after renew_after → {valid=false, next_check=min(threshold, 2 h)}
//   otherwise             → {valid=true,  next_check=(renew_after − now) + 1 s}
// A notBefore in the future does not make a certificate invalid.
ValidityCheck check_validity(const CertificateDates& dates, Clock::time_point now);
// Without a certificate: {have_certificate=false, valid=false, next_check=0}.
ValidityCheck check_validity(const std::optional<CertificateDates>& dates, Clock::time_point now);

}  // namespace ntpmon::pki
