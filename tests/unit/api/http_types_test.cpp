// Request helpers of monitor-api (daemons/monitor-api/http_types.h).
#include <gtest/gtest.h>

#include "http_types.h"

namespace ntpmon::monitor_api {
namespace {

TEST(ApiHttpTypes, FormDecoding) {
  auto f = parse_form("hostname=my+host%2Fa&a=1gw2pjj&empty=&flag");
  ASSERT_TRUE(f);
  EXPECT_EQ(form_value(*f, "hostname"), "my host/a");
  EXPECT_EQ(form_value(*f, "a"), "1gw2pjj");
  EXPECT_EQ(form_value(*f, "empty"), "");
  EXPECT_EQ(form_value(*f, "flag"), "");
  EXPECT_FALSE(form_value(*f, "missing").has_value());
  for (const char* bad : {"a=%", "a=%4", "a=%zz", "%g0=1"}) EXPECT_FALSE(parse_form(bad).has_value()) << bad;
  EXPECT_TRUE(parse_form("")->empty());
}

TEST(ApiHttpTypes, BearerToken) {
  ApiRequest r;
  EXPECT_FALSE(bearer_token(r));
  r.headers = {{"authorization", "Bearer abc"}};
  EXPECT_EQ(bearer_token(r), "abc");
  r.headers = {{"Authorization", "  bearer   xyz  "}};
  EXPECT_EQ(bearer_token(r), "xyz");
  for (const char* bad : {"Basic abc", "Bearer", "Bearer   ", "Bearerabc"}) {
    r.headers = {{"Authorization", bad}};
    EXPECT_FALSE(bearer_token(r)) << bad;
  }
}

TEST(ApiHttpTypes, ContentTypeAndErrors) {
  EXPECT_TRUE(content_type_is("application/json; charset=utf-8", "application/json"));
  EXPECT_TRUE(content_type_is("Application/JSON", "application/json"));
  EXPECT_FALSE(content_type_is("application/proto", "application/json"));
  auto r = error_response(api::ErrorCode::not_found, "no such monitor");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, R"({"code":"not_found","message":"no such monitor"})");
}

}  // namespace
}  // namespace ntpmon::monitor_api
