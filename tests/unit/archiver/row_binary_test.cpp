// ClickHouse RowBinary encoding of records (spec/archiver.md §3.2 column mapping, TV1-TV4, TV19).
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "clickhouse_row_binary.h"

namespace ntpmon::archiver {
namespace {

std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

template <class T>
std::string le(T v) {
  std::string s(sizeof(T), '\0');
  std::memcpy(s.data(), &v, sizeof(T));
  return s;
}

TEST(ArchiverRowBinary, Tv1AllColumns) {
  std::string out;
  append_row_binary(out, {123, 10, 20, 1640995200, 15.5, 0.1, 0.05, 150, 1, "test error"});
  std::string expected = le<std::uint16_t>(18993) + le<std::uint64_t>(123) + le<std::uint32_t>(10) +
                         le<std::uint32_t>(20) + le<std::uint32_t>(1640995200) + le<float>(15.5f) + le<float>(0.1f) +
                         std::string(1, '\0') + le<double>(0.05) + std::string(1, '\0') + le<std::uint32_t>(150) +
                         std::string(1, '\0') + le<std::uint8_t>(1) + std::string(1, '\0') + "\x0a" + "test error";
  EXPECT_EQ(hex(out), hex(expected));
}

TEST(ArchiverRowBinary, Tv2NullsAndTv3ZeroRtt) {
  std::string tv2;
  append_row_binary(tv2, {124, 0, 21, 1640995260, 16.0, 0.2, std::nullopt, std::nullopt, 0, ""});
  EXPECT_EQ(hex(tv2.substr(30)), "01010101");  // offset, rtt, leap, error NULL
  EXPECT_EQ(hex(tv2.substr(10, 4)), hex(le<std::uint32_t>(0)));  // monitor_id 0
  std::string tv3;
  append_row_binary(tv3, {125, 12, 22, 1640995320, -5.25, -1.0, -0.0125, 0, 0, ""});
  EXPECT_EQ(hex(tv3.substr(30, 9)), hex(std::string(1, '\0') + le<double>(-0.0125)));
  EXPECT_EQ(hex(tv3.substr(39)), hex(std::string(1, '\0') + le<std::uint32_t>(0) + "\x01\x01"));
}

TEST(ArchiverRowBinary, Tv19NegativeRttWrapsAndLargeServerIdFits) {
  std::string out;
  append_row_binary(out, {1, 1, 3000000000u, 1640995200, 1, 1, std::nullopt, -1, 0, ""});
  EXPECT_EQ(hex(out.substr(14, 4)), hex(le<std::uint32_t>(3000000000u)));
  EXPECT_EQ(hex(out.substr(31, 5)), hex(std::string(1, '\0') + le<std::uint32_t>(4294967295u)));
}

TEST(ArchiverRowBinary, LongErrorUsesAMultiByteLength) {
  std::string out;
  std::string error(300, 'e');
  append_row_binary(out, {1, 1, 1, 0, 1, 1, std::nullopt, std::nullopt, 0, error});
  EXPECT_EQ(hex(out.substr(33, 3)), "00ac02");  // not NULL, then 300 as LEB128
  EXPECT_EQ(out.size(), 36u + 300u);
}

TEST(ArchiverRowBinary, TsOutsideDateTimeIsAnError) {
  std::string out;
  EXPECT_THROW(append_row_binary(out, {9, 1, 1, -1, 1, 1, std::nullopt, std::nullopt, 0, ""}), std::invalid_argument);
  EXPECT_THROW(append_row_binary(out, {9, 1, 1, 4294967296LL, 1, 1, std::nullopt, std::nullopt, 0, ""}),
               std::invalid_argument);
}

TEST(ArchiverRowBinary, UtcDays) {
  EXPECT_EQ(utc_day_number(1640995200), 18993);  // TV1: 2022-01-01
  EXPECT_EQ(format_day(18993), "2022-01-01");
  EXPECT_EQ(format_day(utc_day_number(1547999353)), "2019-01-20");  // TV4
  EXPECT_EQ(utc_day_number(86399), 0);
  EXPECT_EQ(utc_day_number(-1), -1);
}

}  // namespace
}  // namespace ntpmon::archiver
