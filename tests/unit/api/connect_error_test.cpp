// Connect error codes and bodies (lib/api/connect_error.h).
#include <gtest/gtest.h>

#include "api/connect_error.h"

namespace ntpmon::api {
namespace {

TEST(ApiConnectError, CodesAndStatuses) {
  struct Case {
    ErrorCode code;
    const char* name;
    int status;
  };
  for (const auto& c : {Case{ErrorCode::invalid_argument, "invalid_argument", 400},
                        Case{ErrorCode::unauthenticated, "unauthenticated", 401},
                        Case{ErrorCode::permission_denied, "permission_denied", 403},
                        Case{ErrorCode::not_found, "not_found", 404},
                        Case{ErrorCode::already_exists, "already_exists", 409},
                        Case{ErrorCode::failed_precondition, "failed_precondition", 400},
                        Case{ErrorCode::resource_exhausted, "resource_exhausted", 429},
                        Case{ErrorCode::internal, "internal", 500},
                        Case{ErrorCode::unavailable, "unavailable", 503}}) {
    EXPECT_EQ(to_string(c.code), c.name);
    EXPECT_EQ(parse_error_code(c.name), c.code);
    EXPECT_EQ(http_status(c.code), c.status);
  }
  EXPECT_FALSE(parse_error_code("bogus").has_value());
}

TEST(ApiConnectError, BodyRoundTrip) {
  ApiError e(ErrorCode::permission_denied, "monitor 5 is not active (status \"paused\")");
  auto body = error_json(e);
  EXPECT_EQ(body, R"x({"code":"permission_denied","message":"monitor 5 is not active (status \"paused\")"})x");
  auto back = error_from_response(403, body);
  EXPECT_EQ(back.code(), ErrorCode::permission_denied);
  EXPECT_EQ(back.message(), e.message());
  auto plain = error_from_response(502, "Bad Gateway");
  EXPECT_EQ(plain.code(), ErrorCode::unavailable);
  EXPECT_EQ(plain.message(), "Bad Gateway");
  EXPECT_EQ(ApiError(ErrorCode::resource_exhausted, "x").with_status(413).status(), 413);
}

TEST(ApiConnectError, InvalidUtf8InMessagesIsReplaced) {
  auto body = error_json(ErrorCode::invalid_argument, "bad \xff byte");
  EXPECT_EQ(error_from_response(400, body).code(), ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace ntpmon::api
