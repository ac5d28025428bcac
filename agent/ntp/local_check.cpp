#include "ntp/local_check.h"

#include "ntp/errors.h"
#include "ntp/packet.h"
#include "ntp/render.h"

namespace ntpmon::ntp {

std::string local_check_probe_failure(const CheckResult& probe) {
  if (!probe.error.empty()) return probe.error;
  if (!probe.status || !probe.status->offset) return "no measurement";
  const auto offset = *probe.status->offset;
  const auto magnitude = offset.count() < 0 ? -offset : offset;
  if (magnitude > kLocalCheckMaxOffset) {
    return std::string(errors::kOffsetTooLarge) + format_go_duration(offset);
  }
  if (probe.status->leap == static_cast<std::uint8_t>(Leap::not_in_sync)) {
    return std::string(errors::kNotInSync);
  }
  return {};
}

int local_check_failure_threshold(int probed_hosts) {
  return probed_hosts - (probed_hosts + 2) / 2;
}

bool local_check_ok(int probed_hosts, int failures) {
  if (probed_hosts <= 0) return false;
  return failures <= local_check_failure_threshold(probed_hosts);
}

}  // namespace ntpmon::ntp
