// state.json encoding and reading (spec/agent.md §4.6-4.7; §20 tests 18, 26, 27, 30, A21, A34).
#include <gtest/gtest.h>

#include "state/state_data.h"

namespace ntpmon::agent {
namespace {

StateFile sample() {
  StateFile s;
  s.api_key = "abc";
  s.data.name = "uspao1-21wase0";
  s.data.tls_name = "uspao1-21wase0.test.mon.ntppool.dev";
  s.data.ipv4 = {"active", "192.0.2.1"};
  s.data.ipv6 = {"", std::nullopt};
  s.data_sha = data_sha(s.data);
  return s;
}

TEST(AgentStateFile, EncodesTheDocumentedLayout) {
  const std::string expected =
      "{\n"
      "  \"API\": {\n"
      "    \"APIKey\": \"abc\"\n"
      "  },\n"
      "  \"Data\": {\n"
      "    \"Name\": \"uspao1-21wase0\",\n"
      "    \"TLSName\": \"uspao1-21wase0.test.mon.ntppool.dev\",\n"
      "    \"IPv4\": {\n"
      "      \"Status\": \"active\",\n"
      "      \"IP\": \"192.0.2.1\"\n"
      "    },\n"
      "    \"IPv6\": {\n"
      "      \"Status\": \"\",\n"
      "      \"IP\": null\n"
      "    },\n"
      "    \"OtlpLogLevel\": \"\"\n"
      "  },\n"
      "  \"DataSha\": \"" +
      sample().data_sha + "\"\n}";
  EXPECT_EQ(encode_state_file(sample()), expected);
}

TEST(AgentStateFile, RoundTrips) {
  StateFile read;
  merge_state_file(encode_state_file(sample()), read);
  EXPECT_EQ(read, sample());
}

// §4.7: compact JSON with Go's escaping; the hash changes with any Data field.
TEST(AgentStateFile, DataShaIsChangeDetector) {
  StateDataPart d = sample().data;
  EXPECT_EQ(canonical_data_json(d),
            "{\"Name\":\"uspao1-21wase0\",\"TLSName\":\"uspao1-21wase0.test.mon.ntppool.dev\",\"IPv4\":{\"Status\":"
            "\"active\",\"IP\":\"192.0.2.1\"},\"IPv6\":{\"Status\":\"\",\"IP\":null},\"OtlpLogLevel\":\"\"}");
  EXPECT_EQ(data_sha(d).size(), 64U);
  const std::string base = data_sha(d);
  StateDataPart changed = d;
  changed.ipv4.status = "paused";
  EXPECT_NE(data_sha(changed), base);
  changed = d;
  changed.otlp_log_level = "debug";
  EXPECT_NE(data_sha(changed), base);
  changed = d;
  changed.ipv6.ip = "";
  EXPECT_NE(data_sha(changed), base);  // "" (assigned, invalid) differs from null
}

TEST(AgentStateFile, GoStringEscaping) {
  EXPECT_EQ(go_json_string("a<b>&\"\\\n\t\x01"), "\"a\\u003cb\\u003e\\u0026\\\"\\\\\\n\\t\\u0001\"");
  EXPECT_EQ(go_json_string("caf\xC3\xA9"), "\"caf\xC3\xA9\"");
  EXPECT_EQ(go_json_string("\xFF"), "\"\\ufffd\"");
  EXPECT_EQ(go_json_string("\xE2\x80\xA8"), "\"\\u2028\"");
}

// §4.6 / §21 A21: merge semantics; A34: keys case-insensitive; unknown keys ignored; older
// files with only API.
TEST(AgentStateFile, MergeSemantics) {
  StateFile s = sample();
  merge_state_file(R"({"API":{"APIKey":"test-key"}})", s);
  EXPECT_EQ(s.api_key, "test-key");
  EXPECT_EQ(s.data.name, "uspao1-21wase0");  // absent keys keep their values
  merge_state_file(R"({"api":{"apikey":"lower"},"data":{"ipv4":{"status":"testing","ip":null}},"Extra":1})", s);
  EXPECT_EQ(s.api_key, "lower");
  EXPECT_EQ(s.data.ipv4.status, "testing");
  EXPECT_FALSE(s.data.ipv4.ip);
  merge_state_file(R"({"Data":{"IPv6":{"IP":""}}})", s);
  ASSERT_TRUE(s.data.ipv6.ip);
  EXPECT_EQ(*s.data.ipv6.ip, "");
}

// §20 tests 18, 26, 27 and wrong types: errors, nothing merged.
TEST(AgentStateFile, RejectsBrokenFiles_Tests18_26_27) {
  const std::string cases[] = {
      "",                                   // 26 empty
      R"({"API":{"APIKey":"test")",         // 27 truncated
      std::string("{\"API\":{\"APIKey\":\"a\0b\"}}", 22),  // 18 embedded NUL
      "[1,2]",
      R"({"API":{"APIKey":5}})",
      R"({"Data":{"IPv4":{"IP":7}}})",
      R"({"Data":"x"})",
  };
  for (const std::string& text : cases) {
    StateFile s = sample();
    EXPECT_THROW(merge_state_file(text, s), StateParseError) << text;
    EXPECT_EQ(s, sample()) << text;
  }
}

// §20 test 30: a large state file (long strings, many unknown keys) loads.
TEST(AgentStateFile, LargeFile_Test30) {
  std::string text = R"({"API":{"APIKey":")" + std::string(100000, 'k') + R"("},"Junk":[)";
  for (int i = 0; i < 10000; ++i) text += std::to_string(i) + ",";
  text += "0]}";
  StateFile s;
  merge_state_file(text, s);
  EXPECT_EQ(s.api_key.size(), 100000U);
  StateFile again;
  merge_state_file(encode_state_file(s), again);
  EXPECT_EQ(again.api_key, s.api_key);
}

}  // namespace
}  // namespace ntpmon::agent
