// POST /monitor/api/registration and the page its URL names (spec/api.md §8.1).
//
// The agent polls with the same Registration-ID, once per IP family; each request records the
// address it came from. States: pending -> (operator: monitor-admin registrations approve)
// accepted -> the next poll receives the API key, exactly once, and the registration is
// completed. A rejected registration answers permission_denied.
#include <soci/soci.h>

#include <sstream>

#include "api/ip_address.h"
#include "api/json_codec.h"
#include "api/paths.h"
#include "api_key.h"
#include "api_key_auth.h"
#include "api_transaction.h"
#include "http_endpoints.h"
#include "sql/api_http.h"

namespace ntpmon::monitor_api {
namespace {

using api::ApiError;
using api::ErrorCode;

constexpr std::size_t kMaxRegistrationIdLength = 128;  // monitor_registrations.request_token
constexpr std::size_t kMaxHostnameLength = 255;
constexpr std::size_t kMaxAccountTokenLength = 36;     // accounts.id_token
constexpr std::size_t kMaxClientLength = 255;
constexpr std::size_t kVerificationTokenLength = 24;   // monitor_registrations.verification_token (32)

bool token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

std::string require_registration_id(const ApiRequest& request) {
  std::string id = request.header(api::kRegistrationIdHeader);
  if (id.empty()) throw ApiError(ErrorCode::invalid_argument, "the Registration-ID header is required");
  if (id.size() > kMaxRegistrationIdLength) {
    throw ApiError(ErrorCode::invalid_argument, "Registration-ID header: longer than 128 characters");
  }
  for (char c : id) {
    if (!token_char(c)) throw ApiError(ErrorCode::invalid_argument, "Registration-ID header: only [A-Za-z0-9_-] allowed");
  }
  return id;
}

std::string printable(std::string_view text, std::size_t max) {
  std::string out;
  for (char c : text.substr(0, max)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return out;
}

struct RegistrationForm {
  std::string hostname;
  std::string account_token;
};

RegistrationForm parse_registration_form(const ApiRequest& request) {
  RegistrationForm form;
  if (request.body.empty()) return form;
  std::string type = request.header("Content-Type");
  if (!content_type_is(type, "application/x-www-form-urlencoded")) {
    throw ApiError(ErrorCode::invalid_argument, "the body must be application/x-www-form-urlencoded");
  }
  auto values = parse_form(request.body);
  if (!values) throw ApiError(ErrorCode::invalid_argument, "the form body has a broken %-escape");
  for (const auto& [name, value] : *values) {
    if (name == "hostname") {
      if (value.size() > kMaxHostnameLength) throw ApiError(ErrorCode::invalid_argument, "hostname: longer than 255 characters");
      for (char c : value) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          throw ApiError(ErrorCode::invalid_argument, "hostname: control characters are not allowed");
        }
      }
      form.hostname = value;
    } else if (name == "a") {
      if (value.empty() || value.size() > kMaxAccountTokenLength) {
        throw ApiError(ErrorCode::invalid_argument, "a: an account token has 1 to 36 characters");
      }
      for (char c : value) {
        if (!token_char(c)) throw ApiError(ErrorCode::invalid_argument, "a: not an account token");
      }
      form.account_token = value;
    } else {
      throw ApiError(ErrorCode::invalid_argument, "unknown form field \"" + printable(name, 32) + "\"");
    }
  }
  return form;
}

api::IpAddress source_address(const ApiRequest& request) {
  auto ip = api::parse_ip(request.remote_addr);
  if (!ip) throw ApiError(ErrorCode::internal, "cannot read the client address " + request.remote_addr);
  // An IPv4 client on a dual-stack socket appears as ::ffff:a.b.c.d.
  static const std::string kMapped("\0\0\0\0\0\0\0\0\0\0\xff\xff", 12);
  if (ip->family == api::IpFamily::v6 && ip->bytes.compare(0, 12, kMapped) == 0) {
    return api::IpAddress{api::IpFamily::v4, ip->bytes.substr(12)};
  }
  return *ip;
}

std::string registration_url(const ApiContext& ctx, const std::string& token) {
  return ctx.public_url + api::kRegistrationPagePrefix + token;
}

}  // namespace

ApiResponse handle_registration(ApiContext& ctx, const ApiRequest& request) {
  std::string registration_id = require_registration_id(request);
  RegistrationForm form = parse_registration_form(request);
  api::IpAddress source = source_address(request);
  std::string client = printable(request.header("User-Agent"), kMaxClientLength);

  api::RegistrationResponse response = in_transaction(ctx.pool, [&](soci::session& s) {
    api::RegistrationResponse r;
    auto existing = sql::GetRegistrationByRequestToken(s, registration_id);
    if (!existing) {
      std::optional<std::uint32_t> account_id;
      if (!form.account_token.empty()) {
        auto account = sql::GetAccountByIdToken(s, form.account_token);
        if (!account) throw ApiError(ErrorCode::invalid_argument, "a: no account has the token " + form.account_token);
        account_id = account->id;
      }
      // A request with the key of an existing monitor re-registers that identity.
      std::optional<std::string> tls_name;
      if (auto owner = optional_api_key(s, request)) {
        for (const auto& m : owner->monitors) {
          if (m.tls_name) tls_name = m.tls_name;
        }
        if (!account_id) account_id = owner->account_id;
      }
      std::string token = random_token(kVerificationTokenLength);
      std::string ip4 = source.family == api::IpFamily::v4 ? source.to_string() : "";
      std::string ip6 = source.family == api::IpFamily::v6 ? source.to_string() : "";
      sql::InsertRegistration(s, registration_id, token, ip4, ip6, tls_name, form.hostname, account_id, client);
      r.status = "pending";
      r.url = registration_url(ctx, token);
      return r;
    }
    r.url = registration_url(ctx, existing->verification_token);
    switch (existing->status) {
      case sql::MonitorRegistrationsStatus::pending: {
        std::string ip4 = existing->ip4, ip6 = existing->ip6;
        (source.family == api::IpFamily::v4 ? ip4 : ip6) = source.to_string();
        sql::UpdateRegistrationSeen(s, ip4, ip6, client, existing->id);
        r.status = "pending";
        return r;
      }
      case sql::MonitorRegistrationsStatus::accepted: {
        if (!existing->tls_name || existing->tls_name->empty()) {
          throw ApiError(ErrorCode::internal, "registration " + std::to_string(existing->id) + " was accepted without a tls_name");
        }
        NewApiKey key = generate_api_key();
        auto key_id = static_cast<std::uint32_t>(sql::InsertApiKey(s, existing->account_id, key.lookup, key.hash));
        if (sql::LinkApiKeyMonitors(s, key_id, *existing->tls_name) == 0) {
          throw ApiError(ErrorCode::internal, "registration " + std::to_string(existing->id) + ": no monitors rows for " +
                                                  *existing->tls_name);
        }
        sql::CompleteRegistration(s, existing->id);
        r.status = "accepted";
        r.api_token = key.key;
        return r;
      }
      case sql::MonitorRegistrationsStatus::completed:
        r.status = "completed";
        return r;
      case sql::MonitorRegistrationsStatus::rejected:
      case sql::MonitorRegistrationsStatus::cancelled:
        break;
    }
    throw ApiError(ErrorCode::permission_denied, "registration " + std::to_string(existing->id) + " was " +
                                                     std::string(sql::to_string(existing->status)) +
                                                     " by an operator");
  });
  ctx.metrics.registration(response.status);
  return json_response(api::to_json(response));
}

ApiResponse handle_registration_page(ApiContext& ctx, const ApiRequest&, std::string_view token) {
  if (token.empty() || token.size() > 32) throw ApiError(ErrorCode::not_found, "no such registration");
  auto row = in_transaction(ctx.pool, [&](soci::session& s) {
    return sql::GetRegistrationByVerificationToken(s, std::string(token));
  });
  if (!row) throw ApiError(ErrorCode::not_found, "no such registration");
  std::ostringstream text;
  text << "Monitor registration " << row->id << ": " << sql::to_string(row->status) << "\n"
       << "IPv4: " << (row->ip4.empty() ? "-" : row->ip4) << "\n"
       << "IPv6: " << (row->ip6.empty() ? "-" : row->ip6) << "\n"
       << "Hostname: " << (row->hostname.empty() ? "-" : printable(row->hostname, kMaxHostnameLength)) << "\n"
       << "Client: " << (row->client.empty() ? "-" : row->client) << "\n";
  if (row->tls_name && !row->tls_name->empty()) text << "Monitor name: " << *row->tls_name << "\n";
  if (row->status == sql::MonitorRegistrationsStatus::pending) {
    text << "\nAn operator approves it with:\n  monitor-admin registrations approve " << row->id
         << " --account <account id> --location <location code>\n"
         << "or rejects it with:\n  monitor-admin registrations reject " << row->id << "\n";
  }
  return text_response(text.str());
}

}  // namespace ntpmon::monitor_api
