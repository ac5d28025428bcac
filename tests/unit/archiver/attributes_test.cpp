// The attributes column → leap and error (spec/archiver.md §2.4, test vectors TV1-TV5, TV14).
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "attributes.h"

namespace ntpmon::archiver {
namespace {

struct Decoded {
  const char* name;
  std::optional<std::string> text;
  int leap;
  const char* error;
};

class ArchiverAttributes : public testing::TestWithParam<Decoded> {};

TEST_P(ArchiverAttributes, Decodes) {
  const auto& c = GetParam();
  ScoreAttributes a = parse_score_attributes(c.text);
  EXPECT_EQ(a.leap, c.leap);
  EXPECT_EQ(a.error, c.error);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ArchiverAttributes,
    testing::Values(Decoded{"tv1_full", R"({"leap":1,"error":"test error"})", 1, "test error"},
                    Decoded{"tv2_sql_null", std::nullopt, 0, ""},
                    Decoded{"tv3_zero_and_dropped_keys", R"({"leap":0,"error":"","warning":"slow","stratum":2})", 0, ""},
                    Decoded{"tv5_empty_string", "", 0, ""},
                    Decoded{"tv5_json_null", "null", 0, ""},
                    Decoded{"empty_object", "{}", 0, ""},
                    Decoded{"leap_255", R"({"leap":255})", 255, ""},
                    Decoded{"null_values_keep_defaults", R"({"leap":null,"error":null})", 0, ""},
                    Decoded{"keys_case_insensitive", R"({"Leap":2,"ERROR":"x"})", 2, "x"},
                    Decoded{"later_duplicate_wins", R"({"leap":1,"Leap":3})", 3, ""},
                    Decoded{"monitor_keys_ignored",
                            R"({"no_response":true,"from_ls_id":5,"from_ss_id":6,"error":"timeout"})", 0, "timeout"},
                    Decoded{"whitespace", " { \"leap\" : 2 } ", 2, ""}),
    [](const testing::TestParamInfo<Decoded>& info) { return std::string(info.param.name); });

struct Rejected {
  const char* name;
  const char* text;
  const char* message_part;
};

class ArchiverAttributesRejected : public testing::TestWithParam<Rejected> {};

TEST_P(ArchiverAttributesRejected, ThrowsNamingTheProblem) {
  const auto& c = GetParam();
  try {
    parse_score_attributes(std::string_view(c.text));
    FAIL() << "accepted " << c.text;
  } catch (const AttributesError& e) {
    EXPECT_NE(std::string(e.what()).find(c.message_part), std::string::npos) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ArchiverAttributesRejected,
    testing::Values(Rejected{"tv14_invalid_json", "{invalid json", "not valid JSON"},
                    Rejected{"tv14_negative_leap", R"({"leap":-1})", "leap -1"},
                    Rejected{"leap_too_large", R"({"leap":256})", "leap 256"},
                    Rejected{"leap_fraction", R"({"leap":1.5})", "leap 1.5"},
                    Rejected{"leap_float_literal", R"({"leap":1.0})", "leap"},
                    Rejected{"leap_string", R"({"leap":"1"})", "leap \"1\""},
                    Rejected{"error_number", R"({"error":5})", "error 5"},
                    Rejected{"array", "[1]", "expected a JSON object, got array"},
                    Rejected{"number", "5", "expected a JSON object, got number"},
                    Rejected{"trailing_garbage", R"({"leap":1} x)", "not valid JSON"}),
    [](const testing::TestParamInfo<Rejected>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace ntpmon::archiver
