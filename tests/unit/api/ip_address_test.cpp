// Canonical IP text and the 4/16-byte form (lib/api/ip_address.h), as Go's netip writes it.
#include <gtest/gtest.h>

#include "api/ip_address.h"

namespace ntpmon::api {
namespace {

TEST(ApiIpAddress, CanonicalText) {
  struct Case {
    const char* in;
    const char* out;
  };
  for (const auto& c : {Case{"192.0.2.1", "192.0.2.1"}, Case{"2001:DB8::1", "2001:db8::1"},
                        Case{"2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"},
                        Case{"2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"},   // longest zero run
                        Case{"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"}, // first of equal runs
                        Case{"2001:db8:1:1:1:1:0:1", "2001:db8:1:1:1:1:0:1"},  // a single 0 is not compressed
                        Case{"::", "::"}, Case{"::1", "::1"}, Case{"::ffff:192.0.2.1", "::ffff:192.0.2.1"},
                        Case{"::102:304", "::102:304"}, Case{"fe80::", "fe80::"}}) {
    EXPECT_EQ(canonical_ip(c.in).value_or("(none)"), c.out) << c.in;
  }
}

TEST(ApiIpAddress, RejectsNonAddresses) {
  for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "01.2.3.4", "256.1.1.1", "1.2.3.4 ", "fe80::1%eth0", "[::1]",
                          "example.org", "2001:db8:::1", "1:2:3:4:5:6:7:8:9"}) {
    EXPECT_FALSE(parse_ip(bad).has_value()) << bad;
  }
}

TEST(ApiIpAddress, Bytes) {
  auto v4 = parse_ip("192.0.2.1");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->family, IpFamily::v4);
  EXPECT_EQ(v4->bytes, std::string("\xc0\x00\x02\x01", 4));
  auto v6 = ip_from_bytes(std::string("\x20\x01\x0d\xb8") + std::string(11, '\0') + "\x01");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->to_string(), "2001:db8::1");
  EXPECT_FALSE(ip_from_bytes("12345").has_value());
  EXPECT_FALSE(ip_from_bytes("").has_value());
}

}  // namespace
}  // namespace ntpmon::api
