#include "ntp/address.h"

#include <gtest/gtest.h>

namespace ntpmon::ntp {
namespace {

IpAddress ip(std::string_view s) {
  auto a = IpAddress::parse(s);
  EXPECT_TRUE(a) << s;
  return a ? *a : IpAddress{};
}

TEST(NtpAddress, ParseAndFormat) {
  EXPECT_EQ(ip("192.0.2.1").to_string(), "192.0.2.1");
  EXPECT_EQ(ip("2001:DB8::1").to_string(), "2001:db8::1");
  EXPECT_TRUE(ip("192.0.2.1").is_v4());
  EXPECT_TRUE(ip("::1").is_v6());
  EXPECT_FALSE(IpAddress::parse(""));
  EXPECT_FALSE(IpAddress::parse("192.0.2"));
  EXPECT_FALSE(IpAddress::parse("192.0.2.256"));
  EXPECT_FALSE(IpAddress::parse("pool.ntp.org"));
  EXPECT_FALSE(IpAddress::parse("fe80::1%eth0"));
  EXPECT_FALSE(IpAddress::parse(std::string(100, '1')));
  EXPECT_FALSE(IpAddress{}.valid());
  EXPECT_EQ(IpAddress{}.to_string(), "invalid IP");
}

TEST(NtpAddress, FromBytes) {
  const std::uint8_t v4[] = {192, 0, 2, 1};
  EXPECT_EQ(IpAddress::from_bytes(v4), ip("192.0.2.1"));
  std::uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8};
  v6[15] = 1;
  EXPECT_EQ(IpAddress::from_bytes(v6), ip("2001:db8::1"));
  const std::uint8_t odd[5] = {1, 2, 3, 4, 5};
  EXPECT_FALSE(IpAddress::from_bytes(odd).valid());
  EXPECT_FALSE(IpAddress::from_bytes({}).valid());
  EXPECT_EQ(IpAddress::from_bytes(v4).bytes().size(), 4U);
  EXPECT_EQ(IpAddress::from_bytes(v6).bytes().size(), 16U);
}

TEST(NtpAddress, V4Mapped) {
  const IpAddress m = ip("::ffff:192.0.2.1");
  EXPECT_TRUE(m.is_v6());
  EXPECT_TRUE(m.is_v4_mapped());
  EXPECT_EQ(m.unmapped(), ip("192.0.2.1"));
  EXPECT_EQ(ip("2001:db8::1").unmapped(), ip("2001:db8::1"));
}

TEST(NtpAddress, PrecheckTable) {
  struct Case {
    const char* address;
    std::string_view error;
  };
  const Case cases[] = {
      {"192.0.2.1", ""},
      {"8.8.8.8", ""},
      {"2001:db8::1", ""},
      {"127.0.0.1", "loopback address"},
      {"127.255.0.9", "loopback address"},
      {"::1", "loopback address"},
      {"::ffff:127.0.0.1", "loopback address"},
      {"10.1.2.3", "private address"},
      {"172.16.0.1", "private address"},
      {"172.31.255.255", "private address"},
      {"172.32.0.1", ""},
      {"172.15.0.1", ""},
      {"192.168.1.1", "private address"},
      {"192.169.1.1", ""},
      {"fc00::1", "private address"},
      {"fdff::1", "private address"},
      {"fe00::1", ""},
      {"::ffff:10.0.0.1", "private address"},
      {"224.0.0.1", "multicast address"},
      {"239.255.255.250", "multicast address"},
      {"ff02::101", "multicast address"},
      {"240.0.0.1", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(precheck_target(ip(c.address)), c.error) << c.address;
  EXPECT_EQ(precheck_target(IpAddress{}), "invalid IP");
}

}  // namespace
}  // namespace ntpmon::ntp
