// JSON of the protocol messages (lib/api/json_codec.h): proto3 JSON names and forms, and
// decode errors that name the offending field.
#include <gtest/gtest.h>

#include "api/json_codec.h"

namespace ntpmon::api {
namespace {

SubmitResultsRequest sample_submit() {
  SubmitResultsRequest m;
  m.version = 4;
  m.mon_id = "192.0.2.10";
  m.batch_id = "01ARYZ6S41TSV4RRFFQ69G5FAV";
  ServerStatus s;
  s.ticket = std::string("\x01\x02\xff", 3);
  s.ip_bytes = std::string("\xc0\x00\x02\x01", 4);
  s.ts = Timestamp{1767323045, 500000000};
  s.offset = Duration{0, -50000000};
  s.rtt = Duration{0, 12000000};
  s.stratum = 2;
  s.leap = 1;
  m.list.push_back(s);
  ServerStatus timeout;
  timeout.ip_bytes = std::string(16, '\x01');
  timeout.no_response = true;
  timeout.error = "network: i/o timeout";
  timeout.ts = Timestamp{1767323046, 0};
  m.list.push_back(timeout);
  return m;
}

TEST(ApiJson, SubmitResultsRoundTrip) {
  auto m = sample_submit();
  auto text = to_json(m);
  EXPECT_NE(text.find("\"monId\":\"192.0.2.10\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"ipBytes\":\"wAACAQ==\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"offset\":\"-0.050s\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"ts\":\"2026-01-02T03:04:05.500Z\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"noResponse\":true"), std::string::npos) << text;
  EXPECT_EQ(decode_submit_results_request(text), m);
}

TEST(ApiJson, AcceptsOriginalFieldNamesNullsAndNumericStrings) {
  auto m = decode_submit_results_request(
      R"({"version":"4","mon_id":"192.0.2.10","batch_id":"MDFBUllaNlM0MVRTVjRSUkZGUTY5RzVGQVY=",)"
      R"("list":[{"ip_bytes":"wAACAQ==","no_response":false,"stratum":2.0,"leap":null,"offset":null}]})");
  EXPECT_EQ(m.version, 4);
  EXPECT_EQ(m.mon_id, "192.0.2.10");
  EXPECT_EQ(m.batch_id, "01ARYZ6S41TSV4RRFFQ69G5FAV");
  ASSERT_EQ(m.list.size(), 1u);
  EXPECT_EQ(m.list[0].stratum, 2);
  EXPECT_FALSE(m.list[0].offset.has_value());
}

TEST(ApiJson, DefaultsAreOmitted) {
  EXPECT_EQ(to_json(SubmitResultsResponse{}), "{}");
  EXPECT_EQ(to_json(SubmitResultsResponse{true}), R"({"ok":true})");
  EXPECT_EQ(to_json(GetConfigRequest{}), "{}");
  GetServersResponse r;
  r.batch_id = "01ARYZ6S41TSV4RRFFQ69G5FAV";
  r.config = GetConfigResponse{};
  r.config->base_checks = {"time.example.org"};
  r.servers.push_back(Server{"", "tk", std::string("\xc0\x00\x02\x01", 4), false});
  auto text = to_json(r);
  EXPECT_EQ(decode_get_servers_response(text), r);
  EXPECT_EQ(text.find("trace"), std::string::npos) << text;
}

struct BadBody {
  const char* name;
  const char* body;
  const char* path;     // expected DecodeError::path()
  const char* problem;  // a part of the message
};

void PrintTo(const BadBody& c, std::ostream* os) { *os << c.name; }

class ApiJsonBadSubmit : public ::testing::TestWithParam<BadBody> {};

TEST_P(ApiJsonBadSubmit, NamesTheField) {
  try {
    decode_submit_results_request(GetParam().body);
    FAIL() << "accepted " << GetParam().body;
  } catch (const DecodeError& e) {
    EXPECT_EQ(e.path(), GetParam().path) << e.what();
    EXPECT_NE(std::string(e.what()).find(GetParam().problem), std::string::npos) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ApiJsonBadSubmit,
    ::testing::Values(
        BadBody{"empty", "", "", "empty"},
        BadBody{"truncated", R"({"version":4,"list":[{"ip)", "", "invalid JSON"},
        BadBody{"not_an_object", "[1,2]", "", "expected a JSON object"},
        BadBody{"nan", R"({"version":NaN})", "", "invalid JSON"},
        BadBody{"overflow_float", R"({"version":1e400})", "", "invalid JSON"},
        BadBody{"int_too_big", R"({"version":99999999999})", "version", "out of range"},
        BadBody{"int_fraction", R"({"version":4.5})", "version", "not an integer"},
        BadBody{"int_text", R"({"version":"four"})", "version", "not an integer"},
        BadBody{"unknown_top", R"({"version":4,"bogus":1})", "bogus", "unknown field"},
        BadBody{"unknown_nested", R"({"list":[{"ipBytes":"wAACAQ==","x":1}]})", "list[0].x", "unknown field"},
        BadBody{"wrong_type_list", R"({"list":{}})", "list", "expected a JSON array"},
        BadBody{"wrong_type_bool", R"({"list":[{"noResponse":1}]})", "list[0].noResponse", "true or false"},
        BadBody{"bad_base64", R"({"list":[{"ipBytes":"***"}]})", "list[0].ipBytes", "not base64"},
        BadBody{"bad_duration", R"({"list":[{"offset":"12x"}]})", "list[0].offset", "not a duration"},
        BadBody{"duration_number", R"({"list":[{"rtt":0.5}]})", "list[0].rtt", "duration string"},
        BadBody{"bad_timestamp", R"({"list":[{"ts":"yesterday"}]})", "list[0].ts", "not a timestamp"},
        BadBody{"long_mon_id", R"({"monId":"0123456789012345678901234567890123456789012345678901234567890123456789"})",
                "monId", "at most 64"},
        BadBody{"deep", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "", "nested deeper"},
        BadBody{"bad_utf8", "{\"monId\":\"\xff\xfe\"}", "", "invalid JSON"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ApiJson, TooManyResultsIsRefusedBeforeDecoding) {
  std::string body = R"({"list":[)";
  for (int i = 0; i < 501; ++i) body += std::string(i ? "," : "") + "{}";
  body += "]}";
  try {
    decode_submit_results_request(body);
    FAIL();
  } catch (const DecodeError& e) {
    EXPECT_EQ(e.path(), "list");
    EXPECT_NE(std::string(e.what()).find("501 results; at most 500"), std::string::npos) << e.what();
  }
}

TEST(ApiJson, ResponsesIgnoreUnknownFields) {
  auto c = decode_get_config_response(R"({"samples":3,"ipBytes":"wAACAQ==","mqttConfig":{"host":"eA=="},"future":1})");
  EXPECT_EQ(c.samples, 3);
  EXPECT_EQ(c.ip_bytes, std::string("\xc0\x00\x02\x01", 4));
  EXPECT_THROW(decode_get_config_response(R"({"future":1})", UnknownFields::reject), DecodeError);
}

TEST(ApiJson, HttpApiMessages) {
  RegistrationResponse reg{"https://api.example/monitor/registration/abc", "accepted", "ntpm_key"};
  EXPECT_EQ(decode_registration_response(to_json(reg)), reg);
  // Go's encoding/json matches keys case-insensitively; so does the agent's decoder.
  EXPECT_EQ(decode_registration_response(R"({"url":"u","status":"pending"})").status, "pending");

  MonitorStatusConfig status{"defra1-abc", "defra1-abc.devel.mon.ntppool.dev", {"active", "192.0.2.10"}, {"", ""}};
  auto text = to_json(status);
  EXPECT_NE(text.find(R"("tls_name":"defra1-abc.devel.mon.ntppool.dev")"), std::string::npos) << text;
  EXPECT_EQ(decode_monitor_status_config(text), status);

  CertificateResponse cert{"x.devel.mon.ntppool.dev", "CERT", "CA", "0a", {100, 0}, {200, 0}};
  EXPECT_EQ(decode_certificate_response(to_json(cert)), cert);
  EXPECT_EQ(decode_certificate_request(R"({"csr":"PEM"})").csr, "PEM");
  EXPECT_THROW(decode_certificate_request(R"({"csr":"PEM","key":"x"})"), DecodeError);
}

}  // namespace
}  // namespace ntpmon::api
