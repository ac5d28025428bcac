#include "monitor_identity.h"

#include "api/ip_address.h"
#include "api/monitor_name.h"

namespace ntpmon::monitor_api {

using api::ApiError;
using api::ErrorCode;

std::string require_monitor_identity(const PeerCertificate& peer, std::string_view domain) {
  switch (peer.state) {
    case PeerCertificate::State::none:
      throw ApiError(ErrorCode::unauthenticated,
                     "a client certificate is required (get one with POST /monitor/api/certificate)");
    case PeerCertificate::State::rejected:
      throw ApiError(ErrorCode::unauthenticated, "client certificate rejected: " + peer.problem);
    case PeerCertificate::State::verified:
      break;
  }
  for (const auto& name : peer.dns_names) {
    if (api::is_valid_monitor_name(name, domain)) return name;
  }
  std::string names;
  for (const auto& name : peer.dns_names) names += (names.empty() ? "" : ", ") + name;
  throw ApiError(ErrorCode::unauthenticated, "the client certificate names no monitor under ." + std::string(domain) +
                                                 " (DNS names: " + (names.empty() ? "none" : names) + ")");
}

std::string normalize_mon_id(std::string_view mon_id) {
  if (mon_id.empty()) return {};
  auto canonical = api::canonical_ip(mon_id);
  if (!canonical) {
    throw ApiError(ErrorCode::invalid_argument, "monId: \"" + std::string(mon_id.substr(0, 64)) +
                                                    "\" is not an IP address");
  }
  return *canonical;
}

MonitorRow find_monitor(soci::session& session, const std::string& tls_name, const std::string& mon_id) {
  auto row = sql::GetMonitorTLSNameIP(session, tls_name, mon_id);
  if (!row) {
    throw ApiError(ErrorCode::not_found, "no such monitor: " + tls_name + (mon_id.empty() ? "" : " with IP " + mon_id));
  }
  return *row;
}

bool is_live(sql::MonitorsStatus status) {
  return status == sql::MonitorsStatus::active || status == sql::MonitorsStatus::testing;
}

void require_live(const MonitorRow& monitor) {
  if (!is_live(monitor.status)) {
    throw ApiError(ErrorCode::permission_denied, "monitor " + std::to_string(monitor.id) + " is not active (status " +
                                                     std::string(sql::to_string(monitor.status)) + ")");
  }
}

MonitorLabels labels_of(const MonitorRow& monitor) {
  return MonitorLabels{monitor.tls_name.value_or(""),
                       monitor.ip_version ? std::string(sql::to_string(*monitor.ip_version)) : std::string(),
                       monitor.account_id_token.value_or(""),
                       std::to_string(monitor.account_id.value_or(0))};
}

}  // namespace ntpmon::monitor_api
