#pragma once
// A request and a response as monitor-api's handlers see them, independent of the HTTP
// library, plus the helpers every endpoint uses: header lookup, form/query decoding, the
// Bearer token, and JSON / Connect error responses.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/connect_error.h"

namespace ntpmon::monitor_api {

// What the TLS layer says about the client certificate of the connection.
struct PeerCertificate {
  enum class State { none, verified, rejected };
  State state = State::none;
  std::vector<std::string> dns_names;  // verified: the leaf's DNS SANs
  std::string problem;                 // rejected: why (OpenSSL's verification error)
};

using NameValues = std::vector<std::pair<std::string, std::string>>;

struct ApiRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // without the query, percent-decoded by the HTTP library
  std::string query;   // raw text after '?', "" when none
  NameValues headers;
  std::string body;
  bool body_too_large = false;  // the body was refused (over the limit) and is empty
  std::string remote_addr;      // the peer's address as text
  PeerCertificate peer;

  // The first value of a header (names compare case-insensitively), "" when absent.
  std::string header(std::string_view name) const;
  bool has_header(std::string_view name) const;
};

struct ApiResponse {
  int status = 200;
  std::string content_type;
  std::string body;
  NameValues headers;  // besides Content-Type
};

inline constexpr std::string_view kJsonType = "application/json";
inline constexpr std::string_view kTextType = "text/plain; charset=utf-8";

ApiResponse json_response(std::string body, int status = 200);
ApiResponse text_response(std::string body, int status = 200);
// The Connect error body with the error's HTTP status.
ApiResponse error_response(const api::ApiError& error);
inline ApiResponse error_response(api::ErrorCode code, std::string message) {
  return error_response(api::ApiError(code, std::move(message)));
}

// application/x-www-form-urlencoded (also a query string): '+' is a space, %XX decoded.
// nullopt for a broken escape.
std::optional<NameValues> parse_form(std::string_view text);
// The first value of `name`.
std::optional<std::string> form_value(const NameValues& values, std::string_view name);

// The token of "Authorization: Bearer <token>" (scheme case-insensitive); nullopt when the
// header is absent or not a Bearer header.
std::optional<std::string> bearer_token(const ApiRequest& request);

// Whether a Content-Type header names `type` (parameters such as charset ignored).
bool content_type_is(std::string_view header_value, std::string_view type);

bool equals_ignore_case(std::string_view a, std::string_view b);

}  // namespace ntpmon::monitor_api
