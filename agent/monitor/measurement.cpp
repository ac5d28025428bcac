#include "monitor/measurement.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <span>

#include "api/proto_json.h"
#include "ntp/errors.h"
#include "ntp/render.h"

namespace ntpmon::agent {
namespace {

bool of_family(const api::IpAddress& ip, AddressFamily family) {
  return (ip.family == api::IpFamily::v4) == (family == AddressFamily::v4);
}

}  // namespace

ntp::IpAddress to_ntp_address(const api::IpAddress& ip) {
  const auto* data = reinterpret_cast<const std::uint8_t*>(ip.bytes.data());
  return ntp::IpAddress::from_bytes(std::span<const std::uint8_t>(data, ip.bytes.size()));
}

bool is_local_address(const api::IpAddress& address) {
  sockaddr_storage ss{};
  socklen_t len;
  int family;
  if (address.family == api::IpFamily::v4) {
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    a->sin_family = AF_INET;
    std::memcpy(&a->sin_addr, address.bytes.data(), 4);
    len = sizeof *a;
    family = AF_INET;
  } else {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    a->sin6_family = AF_INET6;
    std::memcpy(&a->sin6_addr, address.bytes.data(), 16);
    len = sizeof *a;
    family = AF_INET6;
  }
  const int fd = ::socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) == 0;
  ::close(fd);
  return ok;
}

std::optional<api::IpAddress> measurement_local_address(const OperationalConfig& config, AddressFamily family,
                                                        const log::Logger& logger) {
  std::optional<api::IpAddress> chosen;
  if (config.nat_ip && of_family(*config.nat_ip, family)) {
    chosen = config.nat_ip;
  } else if (config.monitor_ip && of_family(*config.monitor_ip, family)) {
    chosen = config.monitor_ip;
  }
  if (!chosen) {
    logger.debug(ntp::errors::kNoLocalAddress);
    return std::nullopt;
  }
  if (!is_local_address(*chosen)) {
    logger.warn("the monitor address is not an address of this host; measuring from the address the system chooses",
                {{"address", chosen->to_string()}});
    return std::nullopt;
  }
  return chosen;
}

ntp::CheckOptions check_options(const OperationalConfig& config, AddressFamily family,
                                const MeasureSettings& settings, const log::Logger& logger) {
  ntp::CheckOptions o;
  o.samples = config.samples;
  o.port = settings.port;
  o.timeout = settings.timeout;
  o.spacing = settings.spacing;
  o.allow_special_targets = settings.allow_local_targets;
  if (auto local = measurement_local_address(config, family, logger)) {
    (family == AddressFamily::v4 ? o.local_v4 : o.local_v6) = to_ntp_address(*local);
  }
  if (settings.debug_queries) {
    o.on_sample = [logger](int iteration, const ntp::Sample& s) {
      if (!s.error.empty()) {
        logger.debug("ntp query error", {{"host", s.status.ip.to_string()}, {"iteration", iteration}, {"error", s.error}});
      } else {
        logger.debug("ntp query", {{"host", s.status.ip.to_string()},
                                   {"iteration", iteration},
                                   {"rtt", s.status.rtt.value_or(std::chrono::nanoseconds(0))},
                                   {"offset", s.status.offset.value_or(std::chrono::nanoseconds(0))}});
      }
    };
  }
  return o;
}

api::ServerStatus submission_status(const ntp::CheckResult& result, const api::Server& server,
                                    std::chrono::system_clock::time_point now) {
  const api::IpAddress ip = api::ip_from_bytes(server.ip_bytes).value_or(api::IpAddress{});
  const ntp::SysTime ntp_now = std::chrono::time_point_cast<std::chrono::nanoseconds>(now);
  const ntp::ServerStatus s = ntp::make_submission_status(result, to_ntp_address(ip), server.ticket, ntp_now);
  api::ServerStatus out;
  out.ticket = s.ticket;
  out.ip_bytes = server.ip_bytes;
  out.error = s.error;
  out.no_response = s.no_response;
  out.ts = api::Timestamp::from(now);
  if (s.offset) out.offset = api::Duration::from(*s.offset);
  if (s.rtt) out.rtt = api::Duration::from(*s.rtt);
  out.stratum = s.stratum;
  out.leap = s.leap;
  return out;
}

}  // namespace ntpmon::agent
