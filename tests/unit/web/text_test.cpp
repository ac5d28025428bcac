// UTF-8 handling, JSON strings (§3.1), CSV sanitising and quoting (§2.4), HTML escaping.
#include <gtest/gtest.h>

#include <string>

#include "csv_history.h"
#include "html_escape.h"
#include "json_text.h"
#include "utf8_text.h"

namespace ntpmon::web {
namespace {

std::string json(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

std::string csv(std::string_view s) {
  std::string out;
  append_csv_field(out, s);
  return out;
}

TEST(WebText, JsonStringEscapesLikeGo) {
  struct Case {
    std::string in;
    std::string out;
  };
  const Case cases[] = {
      {"plain", "\"plain\""},
      {"a\"b\\c", "\"a\\\"b\\\\c\""},
      {"\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\""},
      {std::string("\x01\x1f", 2), "\"\\u0001\\u001f\""},
      {std::string("nul\0x", 5), "\"nul\\u0000x\""},
      {"<a&b>", "\"\\u003ca\\u0026b\\u003e\""},
      {"\xe2\x80\xa8\xe2\x80\xa9", "\"\\u2028\\u2029\""},
      {"caf\xc3\xa9 \xf0\x9f\x95\x92", "\"caf\xc3\xa9 \xf0\x9f\x95\x92\""},
      {"bad\xff", "\"bad\\ufffd\""},
      {"\xc0\xaf", "\"\\ufffd\\ufffd\""},           // overlong
      {"\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\""},  // surrogate
      {"\x7f", "\"\x7f\""},
  };
  for (const Case& c : cases) EXPECT_EQ(json(c.in), c.out) << c.in;
  EXPECT_EQ(json_error_body("server not found"), "{\"message\":\"server not found\"}\n");
}

TEST(WebText, CsvErrorSanitising) {
  EXPECT_EQ(sanitize_error_text(std::string("a\0b", 3)), "a<NULL>b");
  EXPECT_EQ(sanitize_error_text("net\x01work"), "net<0x01>work");
  EXPECT_EQ(sanitize_error_text("x\x1b"), "x<0x1B>");
  EXPECT_EQ(sanitize_error_text("tab\tlf\ncr\r"), "tab\tlf\ncr\r");
  EXPECT_EQ(sanitize_error_text("del\x7f \xc3\xa9"), "del\x7f \xc3\xa9");
  EXPECT_EQ(sanitize_error_text("bad\xff"), "bad\xef\xbf\xbd");
}

TEST(WebText, CsvQuotingLikeGoWriter) {
  struct Case {
    std::string in;
    std::string out;
  };
  const Case cases[] = {
      {"", ""},
      {"plain", "plain"},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"line\nbreak", "\"line\nbreak\""},
      {"cr\rx", "\"cr\rx\""},
      {" leading", "\" leading\""},
      {"\tleading", "\"\tleading\""},
      {"\xc2\xa0nbsp", "\"\xc2\xa0nbsp\""},
      {"trailing ", "trailing "},
      {"\\.", "\"\\.\""},
      {"\\.x", "\\.x"},
      {"kiss of death \"RATE\", backing off", "\"kiss of death \"\"RATE\"\", backing off\""},
  };
  for (const Case& c : cases) EXPECT_EQ(csv(c.in), c.out) << c.in;
}

TEST(WebText, Utf8DecodingAndSpaces) {
  EXPECT_TRUE(decode_rune("\xe2\x82\xac", 0).valid);
  EXPECT_EQ(decode_rune("\xe2\x82\xac", 0).rune, 0x20AC);
  EXPECT_FALSE(decode_rune("\xe2\x82", 0).valid);
  EXPECT_FALSE(decode_rune("\xf4\x90\x80\x80", 0).valid);  // > U+10FFFF
  EXPECT_TRUE(is_unicode_space(0x3000));
  EXPECT_TRUE(is_unicode_space(0x85));
  EXPECT_FALSE(is_unicode_space(0x200B));
}

TEST(WebText, HtmlEscape) {
  EXPECT_EQ(html_escape("<b a=\"x\">&'</b>"), "&lt;b a=&quot;x&quot;&gt;&amp;&#39;&lt;/b&gt;");
  EXPECT_EQ(html_escape("\x01ok\xff"), "\xef\xbf\xbdok\xef\xbf\xbd");
}

}  // namespace
}  // namespace ntpmon::web
