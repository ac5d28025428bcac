#include "api/connect_error.h"

#include <array>
#include <nlohmann/json.hpp>
#include <utility>

namespace ntpmon::api {
namespace {

struct CodeInfo {
  ErrorCode code;
  std::string_view name;
  int status;
};

constexpr std::array<CodeInfo, 16> kCodes{{
    {ErrorCode::canceled, "canceled", 499},
    {ErrorCode::unknown, "unknown", 500},
    {ErrorCode::invalid_argument, "invalid_argument", 400},
    {ErrorCode::deadline_exceeded, "deadline_exceeded", 504},
    {ErrorCode::not_found, "not_found", 404},
    {ErrorCode::already_exists, "already_exists", 409},
    {ErrorCode::permission_denied, "permission_denied", 403},
    {ErrorCode::resource_exhausted, "resource_exhausted", 429},
    {ErrorCode::failed_precondition, "failed_precondition", 400},
    {ErrorCode::aborted, "aborted", 409},
    {ErrorCode::out_of_range, "out_of_range", 400},
    {ErrorCode::unimplemented, "unimplemented", 501},
    {ErrorCode::internal, "internal", 500},
    {ErrorCode::unavailable, "unavailable", 503},
    {ErrorCode::data_loss, "data_loss", 500},
    {ErrorCode::unauthenticated, "unauthenticated", 401},
}};

const CodeInfo& info(ErrorCode code) { return kCodes[static_cast<std::size_t>(code)]; }

}  // namespace

std::string_view to_string(ErrorCode code) { return info(code).name; }

std::optional<ErrorCode> parse_error_code(std::string_view text) {
  for (const auto& c : kCodes) {
    if (c.name == text) return c.code;
  }
  return std::nullopt;
}

int http_status(ErrorCode code) { return info(code).status; }

ErrorCode code_for_http_status(int status) {
  switch (status) {
    case 400: return ErrorCode::invalid_argument;
    case 401: return ErrorCode::unauthenticated;
    case 403: return ErrorCode::permission_denied;
    case 404: return ErrorCode::unimplemented;
    case 408: return ErrorCode::deadline_exceeded;
    case 409: return ErrorCode::aborted;
    case 412: return ErrorCode::failed_precondition;
    case 413: return ErrorCode::resource_exhausted;
    case 415: return ErrorCode::internal;
    case 429: return ErrorCode::unavailable;
    case 431: return ErrorCode::resource_exhausted;
    case 502: case 503: case 504: return ErrorCode::unavailable;
    default: return ErrorCode::unknown;
  }
}

ApiError::ApiError(ErrorCode code, std::string message)
    : std::runtime_error(std::string(to_string(code)) + ": " + message),
      code_(code),
      message_(std::move(message)),
      status_(http_status(code)) {}

std::string error_json(ErrorCode code, std::string_view message) {
  nlohmann::json body{{"code", std::string(to_string(code))}, {"message", std::string(message)}};
  // Replace invalid UTF-8 (a message may quote request bytes) instead of throwing.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string error_json(const ApiError& error) { return error_json(error.code(), error.message()); }

ApiError error_from_response(int status, std::string_view body) {
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_object()) {
    auto code = parsed.find("code");
    if (code != parsed.end() && code->is_string()) {
      if (auto c = parse_error_code(code->get<std::string>())) {
        std::string message;
        auto m = parsed.find("message");
        if (m != parsed.end() && m->is_string()) message = m->get<std::string>();
        return ApiError(*c, std::move(message)).with_status(status);
      }
    }
  }
  return ApiError(code_for_http_status(status), std::string(body.substr(0, 512))).with_status(status);
}

}  // namespace ntpmon::api
