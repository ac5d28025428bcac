// GET /monitor/api/config and POST /monitor/api/certificate: the API-key endpoints an agent
// uses before (and besides) its client certificate (spec/api.md §8.2-§8.3, "Project decisions").
#include <soci/soci.h>

#include "api/json_codec.h"
#include "api/monitor_name.h"
#include "api_key_auth.h"
#include "api_transaction.h"
#include "http_endpoints.h"
#include "monitor_identity.h"
#include "pki/csr.h"
#include "pki/error.h"
#include "sql/api_http.h"

namespace ntpmon::monitor_api {
namespace {

using api::ApiError;
using api::ErrorCode;

void require_linked_monitors(const KeyOwner& owner) {
  if (owner.monitors.empty()) {
    throw ApiError(ErrorCode::permission_denied, "this API key is not linked to any monitor");
  }
}

// The identity all monitors of the key share.
std::string identity_of(const KeyOwner& owner) {
  for (const auto& m : owner.monitors) {
    if (m.tls_name && !m.tls_name->empty()) return *m.tls_name;
  }
  throw ApiError(ErrorCode::failed_precondition, "the monitors of this API key have no tls_name");
}

bool parse_bool_param(const std::string& name, const std::string& value) {
  if (value == "true" || value == "1") return true;
  if (value == "false" || value == "0") return false;
  throw ApiError(ErrorCode::invalid_argument, name + ": expected true or false");
}

api::Timestamp timestamp(std::chrono::sys_seconds t) { return api::Timestamp{t.time_since_epoch().count(), 0}; }

}  // namespace

ApiResponse handle_config(ApiContext& ctx, const ApiRequest& request) {
  auto params = parse_form(request.query);
  if (!params) throw ApiError(ErrorCode::invalid_argument, "the query string has a broken %-escape");
  for (const auto& [name, value] : *params) {
    // request_certificate is accepted for the Go agent's sake; certificates come from
    // POST /monitor/api/certificate with a CSR (the private key never leaves the agent).
    if (name == "request_certificate") {
      parse_bool_param(name, value);
    } else {
      throw ApiError(ErrorCode::invalid_argument, "unknown query parameter \"" + name.substr(0, 32) + "\"");
    }
  }
  auto status = in_transaction(ctx.pool, [&](soci::session& s) {
    KeyOwner owner = authenticate_api_key(s, request);
    require_linked_monitors(owner);
    api::MonitorStatusConfig c;
    c.tls_name = identity_of(owner);
    c.name = api::display_name(c.tls_name);
    for (const auto& m : owner.monitors) {
      if (!m.ip_version || m.tls_name != c.tls_name) continue;
      auto& family = *m.ip_version == sql::MonitorsIpVersion::v4 ? c.ipv4 : c.ipv6;
      family.status = std::string(sql::to_string(m.status));
      family.ip = m.ip.value_or("");
    }
    sql::UpdateApiKeySeen(s, owner.api_key_id);
    return c;
  });
  return json_response(api::to_json(status));
}

ApiResponse handle_certificate(ApiContext& ctx, const ApiRequest& request) {
  api::CertificateRequestBody body;
  try {
    body = api::decode_certificate_request(request.body);
  } catch (const api::DecodeError& e) {
    throw ApiError(ErrorCode::invalid_argument, e.what());
  }
  if (body.csr.empty()) throw ApiError(ErrorCode::invalid_argument, "csr: missing (a PEM CERTIFICATE REQUEST)");
  std::string key_description;
  try {
    key_description = pki::CertificateRequest::parse(body.csr).key_description();
  } catch (const pki::PkiError& e) {
    throw ApiError(ErrorCode::invalid_argument, std::string("csr: ") + e.what());
  }
  auto response = in_transaction(ctx.pool, [&](soci::session& s) {
    KeyOwner owner = authenticate_api_key(s, request);
    require_linked_monitors(owner);
    std::string tls_name = identity_of(owner);
    std::string statuses;
    bool live = false;
    for (const auto& m : owner.monitors) {
      live = live || is_live(m.status);
      statuses += std::string(statuses.empty() ? "" : ", ") + (m.ip_version ? std::string(sql::to_string(*m.ip_version)) : "?") +
                  " " + std::string(sql::to_string(m.status));
    }
    if (!live) {
      throw ApiError(ErrorCode::permission_denied,
                     "certificates are issued only to monitors that are active or testing (" + statuses + ")");
    }
    if (!api::is_valid_monitor_name(tls_name, ctx.settings.monitor_domain)) {
      throw ApiError(ErrorCode::failed_precondition, "the monitor name " + tls_name + " is not under ." +
                                                         ctx.settings.monitor_domain);
    }
    pki::IssuedCertificate issued;
    try {
      issued = ctx.ca.issue_client_certificate(body.csr, tls_name, ctx.settings.certificate_lifetime);
    } catch (const pki::PkiError& e) {
      throw ApiError(ErrorCode::invalid_argument, std::string("csr: ") + e.what());
    }
    sql::InsertMonitorCertificate(s, tls_name, owner.api_key_id, issued.serial_hex, key_description, issued.not_before,
                                  issued.not_after);
    sql::UpdateApiKeySeen(s, owner.api_key_id);
    api::CertificateResponse r;
    r.tls_name = tls_name;
    r.certificate = issued.certificate_pem;
    r.ca_certificate = ctx.ca.certificate_pem();
    r.serial = issued.serial_hex;
    r.not_before = timestamp(issued.not_before);
    r.not_after = timestamp(issued.not_after);
    return r;
  });
  ctx.metrics.certificate_issued();
  ctx.logger.info("issued a client certificate", {{"monitor", response.tls_name}, {"serial", response.serial}});
  return json_response(api::to_json(response));
}

}  // namespace ntpmon::monitor_api
