// spec/scorer.md §2.7: the attributes JSON, as Go's encoding/json writes and reads it.
#include <gtest/gtest.h>

#include <string>

#include "scoring/attributes.h"

namespace ntpmon::scoring {
namespace {

TEST(ScoringAttributes, KeyOrderAndOmittedZeros) {
  EXPECT_EQ(to_json({}), "{}");
  EXPECT_EQ(to_json([] { Attributes a; a.leap = 3; a.error = "RATE"; return a; }()), R"({"leap":3,"error":"RATE"})");
  EXPECT_EQ(to_json([] { Attributes a; a.error = "unexpected stratum 0"; return a; }()), R"({"error":"unexpected stratum 0"})");
  EXPECT_EQ(to_json([] { Attributes a; a.leap = 1; return a; }()), R"({"leap":1})");
  EXPECT_EQ(to_json([] { Attributes a; a.leap = -1; a.stratum = 2; a.no_response = true; a.error = "e"; a.warning = "w"; a.from_ls_id = 5; a.from_ss_id = 6; return a; }()),
            R"({"leap":-1,"stratum":2,"no_response":true,"error":"e","warning":"w","from_ls_id":5,"from_ss_id":6})");
}

TEST(ScoringAttributes, GoStringEscaping) {
  struct Case {
    std::string in;
    std::string out;
  };
  for (const auto& c : {Case{"a<b>&c", R"("a\u003cb\u003e\u0026c")"}, Case{"q\"b\\", R"("q\"b\\")"},
                        Case{"l\nr\rt\t", R"("l\nr\rt\t")"}, Case{std::string("\x01\x1f\b\f", 4), R"("\u0001\u001f\u0008\u000c")"},
                        Case{"\xe2\x80\xa8\xe2\x80\xa9", R"("\u2028\u2029")"}, Case{"bad\xff", R"("bad\ufffd")"},
                        Case{"\xc3\xa9\xf0\x9f\x98\x80", "\"\xc3\xa9\xf0\x9f\x98\x80\""},
                        Case{"\xed\xa0\x80", R"("\ufffd\ufffd\ufffd")"}, Case{"\xc0\xaf", R"("\ufffd\ufffd")"}}) {
    std::string out;
    append_go_json_string(out, c.in);
    EXPECT_EQ(out, c.out) << c.in;
  }
}

TEST(ScoringAttributes, ParseLikeGo) {
  EXPECT_EQ(parse_attributes(R"({"leap":3,"error":"RATE","foo":[1,2]})"), [] { Attributes a; a.leap = 3; a.error = "RATE"; return a; }());
  EXPECT_EQ(parse_attributes("null"), Attributes{});
  EXPECT_EQ(parse_attributes(R"({"Error":"x","LEAP":2})"), [] { Attributes a; a.leap = 2; a.error = "x"; return a; }());
  EXPECT_EQ(parse_attributes(R"({"error":"a","Error":"b"})").error, "b");
  EXPECT_EQ(parse_attributes(R"({"error":null,"leap":-128})"), [] { Attributes a; a.leap = -128; return a; }());
  EXPECT_EQ(parse_attributes(R"({"from_ls_id":9007199254740993})").from_ls_id, 9007199254740993);
}

TEST(ScoringAttributes, ParseErrorsNameTheProblem) {
  for (const char* bad : {"not json", R"({"leap":300})", R"({"leap":1.0})", R"({"leap":"1"})", R"({"no_response":1})",
                          R"({"error":5})", "[1]", R"({"from_ls_id":18446744073709551615})", R"({"leap":1} x)"}) {
    EXPECT_THROW(parse_attributes(bad), AttributesError) << bad;
  }
}

TEST(ScoringAttributes, RoundTrip) {
  Attributes a;
  a.leap = 2;
  a.error = "a<b> \xe2\x80\xa8";
  a.from_ls_id = 1;
  a.from_ss_id = 2;
  a.chosen_ls_id = 3;
  a.chosen_monitor_id = 4;
  EXPECT_EQ(parse_attributes(to_json(a)), a);
}

}  // namespace
}  // namespace ntpmon::scoring
