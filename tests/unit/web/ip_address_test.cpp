// Strict IP parsing and canonical text (spec scores-api.md §1.3.1).
#include <gtest/gtest.h>

#include "ip_address.h"

namespace ntpmon::web {
namespace {

TEST(WebIpAddress, CanonicalForms) {
  struct Case {
    const char* in;
    const char* out;  // nullptr: not an address
  };
  const Case cases[] = {
      {"192.0.2.10", "192.0.2.10"},
      {"2001:DB8:0:0::123", "2001:db8::123"},
      {"2001:db8::123", "2001:db8::123"},
      {"2001:0db8:0000:0000:0000:0000:0000:0123", "2001:db8::123"},
      {"2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"},     // longest run
      {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},   // first of equal runs
      {"2001:db8:1:1:1:1:0:1", "2001:db8:1:1:1:1:0:1"},  // a single zero group is not compressed
      {"::", "::"},
      {"::1", "::1"},
      {"::ffff:192.0.2.1", "::ffff:192.0.2.1"},
      {"::FFFF:c000:0201", "::ffff:192.0.2.1"},
      {"::1.2.3.4", "::102:304"},
      {"fe80::1%eth0", "fe80::1%eth0"},
      {"192.0.2.010", nullptr},  // leading zero
      {"192.0.2", nullptr},
      {"192.0.2.256", nullptr},
      {"1.2.3.4.5", nullptr},
      {"::ffff:192.0.2.01", nullptr},
      {"fe80::1%", nullptr},
      {"not-an-ip", nullptr},
      {"", nullptr},
      {"1001", nullptr},
      {"2001:db8:::1", nullptr},
      {" 192.0.2.10", nullptr},
  };
  for (const Case& c : cases) {
    auto got = canonical_ip(c.in);
    if (c.out) {
      ASSERT_TRUE(got.has_value()) << c.in;
      EXPECT_EQ(*got, c.out) << c.in;
    } else {
      EXPECT_FALSE(got.has_value()) << c.in << " -> " << got.value_or("");
    }
  }
}

TEST(WebIpAddress, Loopback) {
  EXPECT_TRUE(is_loopback_address("127.0.0.1"));
  EXPECT_TRUE(is_loopback_address("127.3.2.1"));
  EXPECT_TRUE(is_loopback_address("::1"));
  EXPECT_TRUE(is_loopback_address("::ffff:127.0.0.1"));
  EXPECT_FALSE(is_loopback_address("192.0.2.1"));
  EXPECT_FALSE(is_loopback_address("::2"));
  EXPECT_FALSE(is_loopback_address(""));
}

}  // namespace
}  // namespace ntpmon::web
