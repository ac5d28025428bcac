#pragma once
// Connect protocol errors (https://connectrpc.com/docs/protocol#error-end-stream): a code, its
// HTTP status, and the JSON body {"code": "...", "message": "..."} every monitor-api error
// carries, RPC or not.

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ntpmon::api {

enum class ErrorCode {
  canceled,
  unknown,
  invalid_argument,
  deadline_exceeded,
  not_found,
  already_exists,
  permission_denied,
  resource_exhausted,
  failed_precondition,
  aborted,
  out_of_range,
  unimplemented,
  internal,
  unavailable,
  data_loss,
  unauthenticated,
};

// "invalid_argument", ...
std::string_view to_string(ErrorCode code);
std::optional<ErrorCode> parse_error_code(std::string_view text);

// Connect's mapping: invalid_argument 400, unauthenticated 401, permission_denied 403,
// not_found 404, already_exists/aborted 409, resource_exhausted 429, internal/unknown 500, ...
int http_status(ErrorCode code);
// The code a client assumes for an HTTP status when the body carries none.
ErrorCode code_for_http_status(int status);

// An error to send (server) or received (client). what() is "<code>: <message>".
class ApiError : public std::runtime_error {
 public:
  ApiError(ErrorCode code, std::string message);
  ErrorCode code() const noexcept { return code_; }
  const std::string& message() const noexcept { return message_; }
  // The status to answer with: http_status(code) unless set (413 for an oversized body).
  int status() const noexcept { return status_; }
  ApiError& with_status(int status) {
    status_ = status;
    return *this;
  }

 private:
  ErrorCode code_;
  std::string message_;
  int status_;
};

// {"code":"invalid_argument","message":"..."}
std::string error_json(ErrorCode code, std::string_view message);
std::string error_json(const ApiError& error);

// A client's view of an error response: the code and message of the JSON body, or, when the
// body is not a Connect error, the code for the HTTP status and the body text.
ApiError error_from_response(int http_status, std::string_view body);

}  // namespace ntpmon::api
