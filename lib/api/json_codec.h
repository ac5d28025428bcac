#pragma once
// JSON encoding and decoding of the protocol messages (messages.h).
//
// RPC messages follow the proto3 JSON mapping: lowerCamelCase names on output (the original
// snake_case names are accepted on input too), fields with default values omitted, bytes as
// base64, Timestamp/Duration as text, int32 as numbers (numeric strings accepted), null read as
// the default. The HTTP API messages use the keys documented in messages.h.
//
// Decoders are strict about what they are given: invalid JSON, a value of the wrong type, a
// number out of range, text over a field's length limit, nesting deeper than 16, and (for
// requests, which the server decodes) unknown fields throw DecodeError naming the field path,
// e.g. `list[3].offset: "12x" is not a duration`. Responses, which the agent decodes, skip
// unknown fields so the server may add some.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "api/messages.h"

namespace ntpmon::api {

inline constexpr std::size_t kMaxResultsPerSubmit = 500;  // SubmitResults list length

class DecodeError : public std::invalid_argument {
 public:
  DecodeError(std::string path, std::string problem);
  // "list[3].offset", or "" for the body itself.
  const std::string& path() const noexcept { return path_; }
  const std::string& problem() const noexcept { return problem_; }

 private:
  std::string path_;
  std::string problem_;
};

enum class UnknownFields { reject, ignore };

// ---- requests (the server decodes these; unknown fields rejected by default) ----
GetConfigRequest decode_get_config_request(std::string_view json, UnknownFields unknown = UnknownFields::reject);
GetServersRequest decode_get_servers_request(std::string_view json, UnknownFields unknown = UnknownFields::reject);
// More than kMaxResultsPerSubmit entries in `list` is a DecodeError (checked before decoding
// them).
SubmitResultsRequest decode_submit_results_request(std::string_view json,
                                                   UnknownFields unknown = UnknownFields::reject);
CertificateRequestBody decode_certificate_request(std::string_view json,
                                                  UnknownFields unknown = UnknownFields::reject);

// ---- responses (the agent decodes these; unknown fields ignored by default) ----
GetConfigResponse decode_get_config_response(std::string_view json, UnknownFields unknown = UnknownFields::ignore);
GetServersResponse decode_get_servers_response(std::string_view json, UnknownFields unknown = UnknownFields::ignore);
SubmitResultsResponse decode_submit_results_response(std::string_view json,
                                                     UnknownFields unknown = UnknownFields::ignore);
RegistrationResponse decode_registration_response(std::string_view json,
                                                  UnknownFields unknown = UnknownFields::ignore);
MonitorStatusConfig decode_monitor_status_config(std::string_view json,
                                                 UnknownFields unknown = UnknownFields::ignore);
CertificateResponse decode_certificate_response(std::string_view json,
                                                UnknownFields unknown = UnknownFields::ignore);

// ---- encoding (compact JSON) ----
std::string to_json(const GetConfigRequest& m);
std::string to_json(const GetServersRequest& m);
std::string to_json(const GetConfigResponse& m);
std::string to_json(const GetServersResponse& m);
std::string to_json(const SubmitResultsRequest& m);
std::string to_json(const SubmitResultsResponse& m);
std::string to_json(const RegistrationResponse& m);
std::string to_json(const MonitorStatusConfig& m);
std::string to_json(const CertificateRequestBody& m);
std::string to_json(const CertificateResponse& m);

}  // namespace ntpmon::api
