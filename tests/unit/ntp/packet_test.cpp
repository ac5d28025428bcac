#include "ntp/packet.h"

#include <gtest/gtest.h>

#include <random>

namespace ntpmon::ntp {
namespace {

using Bytes = std::vector<std::uint8_t>;

TEST(NtpPacket, RequestBytes) {
  // RFC 5905 figure 8 with LI 0, VN 4, mode 3, precision 0x20, transmit = nonce.
  const PacketBytes b = encode(make_request(Timestamp{0x0123'4567'89ab'cdefULL}));
  const PacketBytes expected = {
      0x23, 0x00, 0x00, 0x20,                          // LI|VN|Mode, stratum, poll, precision
      0x00, 0x00, 0x00, 0x00,                          // root delay
      0x00, 0x00, 0x00, 0x00,                          // root dispersion
      0x00, 0x00, 0x00, 0x00,                          // reference id
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // reference timestamp
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // origin timestamp
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // receive timestamp
      0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,  // transmit timestamp
  };
  EXPECT_EQ(b, expected);
}

TEST(NtpPacket, DecodeHandBuiltServerReply) {
  const Bytes bytes = {
      0x24, 0x02, 0x06, 0xe8,                          // LI 0, VN 4, mode 4; stratum 2; poll 6; precision -24
      0x00, 0x00, 0x01, 0x80,                          // root delay 0x180 / 2^16 s
      0x00, 0x00, 0x00, 0x40,                          // root dispersion 0x40 / 2^16 s
      0xc0, 0x00, 0x02, 0x35,                          // reference id 192.0.2.53
      0xeb, 0x1c, 0xbf, 0x00, 0x00, 0x00, 0x00, 0x00,  // reference timestamp
      0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,  // origin
      0xeb, 0x1c, 0xbf, 0x80, 0x80, 0x00, 0x00, 0x00,  // receive: +128.5 s
      0xeb, 0x1c, 0xbf, 0x80, 0x80, 0x00, 0xa0, 0x00,  // transmit
  };
  const auto h = decode(bytes);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->leap, Leap::no_warning);
  EXPECT_EQ(h->version, 4);
  EXPECT_EQ(h->mode, Mode::server);
  EXPECT_EQ(h->stratum, 2);
  EXPECT_EQ(h->poll, 6);
  EXPECT_EQ(h->precision, -24);
  EXPECT_EQ(h->root_delay.raw, 0x180U);
  EXPECT_EQ(h->root_dispersion.raw, 0x40U);
  EXPECT_EQ(h->reference_id, 0xc000'0235U);
  EXPECT_EQ(h->reference_time, Timestamp::from_parts(0xeb1c'bf00U, 0));
  EXPECT_EQ(h->origin_time, Timestamp{0x0123'4567'89ab'cdefULL});
  EXPECT_EQ(h->receive_time, Timestamp::from_parts(0xeb1c'bf80U, 0x8000'0000U));
  EXPECT_EQ(h->transmit_time, Timestamp::from_parts(0xeb1c'bf80U, 0x8000'a000U));
  // And back to the same bytes.
  const PacketBytes again = encode(*h);
  EXPECT_EQ(Bytes(again.begin(), again.end()), bytes);
}

TEST(NtpPacket, FirstByteFields) {
  struct Case {
    std::uint8_t byte;
    Leap leap;
    std::uint8_t version;
    Mode mode;
  };
  for (const Case c : {Case{0xdc, Leap::not_in_sync, 3, Mode::server}, Case{0x1b, Leap::no_warning, 3, Mode::client},
                       Case{0x65, Leap::add_second, 4, Mode::broadcast}, Case{0xa7, Leap::delete_second, 4, Mode::private_use},
                       Case{0x00, Leap::no_warning, 0, Mode::reserved}, Case{0x3e, Leap::no_warning, 7, Mode::control}}) {
    Bytes bytes(48, 0);
    bytes[0] = c.byte;
    const auto h = decode(bytes);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->leap, c.leap) << int(c.byte);
    EXPECT_EQ(h->version, c.version) << int(c.byte);
    EXPECT_EQ(h->mode, c.mode) << int(c.byte);
    EXPECT_EQ(encode(*h)[0], c.byte);
  }
}

TEST(NtpPacket, EncodeMasksVersion) {
  Header h;
  h.version = 0xff;
  h.mode = Mode::server;
  EXPECT_EQ(encode(h)[0], 0x3c);
}

TEST(NtpPacket, RandomRoundTrips) {
  std::mt19937_64 rng(12345);
  for (int i = 0; i < 2000; ++i) {
    Bytes bytes(48 + (i % 3) * 10);
    for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
    const auto h = decode(bytes);
    ASSERT_TRUE(h);
    const PacketBytes again = encode(*h);
    EXPECT_TRUE(std::equal(again.begin(), again.end(), bytes.begin()));
    EXPECT_EQ(decode(again), h);
  }
}

TEST(NtpPacket, ShortDatagramsDoNotDecode) {
  EXPECT_FALSE(decode(Bytes{}));
  EXPECT_FALSE(decode(Bytes(1, 0x24)));
  EXPECT_FALSE(decode(Bytes(47, 0x24)));
  EXPECT_TRUE(decode(Bytes(48, 0x24)));
  EXPECT_TRUE(decode(Bytes(68, 0x24)));  // with a MAC: extra bytes ignored
}

std::uint32_t refid(const char (&s)[5]) {
  return (std::uint32_t(std::uint8_t(s[0])) << 24) | (std::uint32_t(std::uint8_t(s[1])) << 16) |
         (std::uint32_t(std::uint8_t(s[2])) << 8) | std::uint32_t(std::uint8_t(s[3]));
}

TEST(NtpPacket, KissCodes) {
  EXPECT_EQ(kiss_code(0, refid("RATE")), "RATE");
  EXPECT_EQ(kiss_code(0, refid("DENY")), "DENY");
  EXPECT_EQ(kiss_code(0, refid("RSTR")), "RSTR");
  EXPECT_EQ(kiss_code(0, refid("INIT")), "INIT");
  EXPECT_EQ(kiss_code(1, refid("RATE")), "");   // only stratum 0 carries kiss codes
  EXPECT_EQ(kiss_code(16, refid("RATE")), "");
  EXPECT_EQ(kiss_code(0, 0x5241'5400U), "");    // "RAT\0": NUL is not printable
  EXPECT_EQ(kiss_code(0, 0x2020'7e7eU), "  ~~");  // 32 and 126 are printable
  EXPECT_EQ(kiss_code(0, 0x2020'7e7fU), "");    // 127 is not
  EXPECT_EQ(kiss_code(0, 0x1f20'2020U), "");    // 31 is not
  EXPECT_EQ(kiss_code(0, 0), "");
  EXPECT_FALSE(describe_kiss_code("RATE").empty());
  EXPECT_FALSE(describe_kiss_code("DENY").empty());
  EXPECT_FALSE(describe_kiss_code("RSTR").empty());
  EXPECT_TRUE(describe_kiss_code("XXXX").empty());
}

TEST(NtpPacket, ReferenceIdForms) {
  EXPECT_EQ(format_reference_id_hex(0), "0x0");
  EXPECT_EQ(format_reference_id_hex(0x00ab'0000U), "0xab0000");
  EXPECT_EQ(format_reference_id_hex(0xdead'beefU), "0xdeadbeef");
  EXPECT_EQ(reference_id_bytes(refid("GPS\0")), std::string("GPS\0", 4));
  EXPECT_EQ(reference_id_bytes(0), std::string(4, '\0'));
  EXPECT_EQ(render_reference_id(1, refid("GPS\0")), "GPS");
  EXPECT_EQ(render_reference_id(1, refid("PPS\0")), "PPS");
  EXPECT_EQ(render_reference_id(0, refid("RATE")), "RATE");
  EXPECT_EQ(render_reference_id(0, 0x0102'0304U), "0x1020304");
  EXPECT_EQ(render_reference_id(0, 0), "0x0");
  EXPECT_EQ(render_reference_id(2, 0xc000'0235U), "192.0.2.53");
  EXPECT_EQ(render_reference_id(15, 0x7f7f'0101U), "127.127.1.1");
}

TEST(NtpPacket, Utf8Validity) {
  EXPECT_TRUE(is_valid_utf8(std::string(4, '\0')));
  EXPECT_TRUE(is_valid_utf8("RATE"));
  EXPECT_TRUE(is_valid_utf8("\xc3\xa9"));              // é
  EXPECT_TRUE(is_valid_utf8("\xf0\x9f\x98\x80"));      // U+1F600
  EXPECT_FALSE(is_valid_utf8("\xff\xff\xff\xff"));
  EXPECT_FALSE(is_valid_utf8("\xc0\x80"));             // overlong NUL
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));         // surrogate
  EXPECT_FALSE(is_valid_utf8("\xe2\x82"));             // truncated
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));     // > U+10FFFF
  EXPECT_FALSE(is_valid_utf8("A\x80" "BC"));           // stray continuation byte
}

}  // namespace
}  // namespace ntpmon::ntp
