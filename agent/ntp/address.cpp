#include "ntp/address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

#include "ntp/errors.h"

namespace ntpmon::ntp {

IpAddress IpAddress::v4(const std::array<std::uint8_t, 4>& bytes) {
  IpAddress a;
  a.family_ = IpFamily::v4;
  std::copy(bytes.begin(), bytes.end(), a.bytes_.begin());
  return a;
}

IpAddress IpAddress::v6(const std::array<std::uint8_t, 16>& bytes) {
  IpAddress a;
  a.family_ = IpFamily::v6;
  a.bytes_ = bytes;
  return a;
}

IpAddress IpAddress::from_bytes(std::span<const std::uint8_t> bytes) {
  IpAddress a;
  if (bytes.size() == 4) {
    a.family_ = IpFamily::v4;
  } else if (bytes.size() == 16) {
    a.family_ = IpFamily::v6;
  } else {
    return a;
  }
  std::copy(bytes.begin(), bytes.end(), a.bytes_.begin());
  return a;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  // inet_pton needs a NUL-terminated string; longer input cannot be an address.
  if (text.empty() || text.size() > INET6_ADDRSTRLEN) return std::nullopt;
  char buf[INET6_ADDRSTRLEN + 1] = {};
  std::memcpy(buf, text.data(), text.size());
  IpAddress a;
  if (text.find(':') == std::string_view::npos) {
    if (::inet_pton(AF_INET, buf, a.bytes_.data()) != 1) return std::nullopt;
    a.family_ = IpFamily::v4;
  } else {
    if (::inet_pton(AF_INET6, buf, a.bytes_.data()) != 1) return std::nullopt;
    a.family_ = IpFamily::v6;
  }
  return a;
}

std::span<const std::uint8_t> IpAddress::bytes() const {
  switch (family_) {
    case IpFamily::v4: return {bytes_.data(), 4};
    case IpFamily::v6: return {bytes_.data(), 16};
    case IpFamily::none: break;
  }
  return {};
}

std::string IpAddress::to_string() const {
  char buf[INET6_ADDRSTRLEN] = {};
  if (family_ == IpFamily::v4) {
    ::inet_ntop(AF_INET, bytes_.data(), buf, sizeof buf);
  } else if (family_ == IpFamily::v6) {
    ::inet_ntop(AF_INET6, bytes_.data(), buf, sizeof buf);
  } else {
    return "invalid IP";
  }
  return buf;
}

bool IpAddress::is_v4_mapped() const {
  if (family_ != IpFamily::v6) return false;
  static constexpr std::uint8_t kPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return std::memcmp(bytes_.data(), kPrefix, sizeof kPrefix) == 0;
}

IpAddress IpAddress::unmapped() const {
  if (!is_v4_mapped()) return *this;
  return v4({bytes_[12], bytes_[13], bytes_[14], bytes_[15]});
}

bool IpAddress::is_loopback() const {
  const IpAddress a = unmapped();
  if (a.family_ == IpFamily::v4) return a.bytes_[0] == 127;
  if (a.family_ == IpFamily::v6) {
    return std::all_of(a.bytes_.begin(), a.bytes_.begin() + 15, [](auto b) { return b == 0; }) &&
           a.bytes_[15] == 1;
  }
  return false;
}

bool IpAddress::is_private() const {
  const IpAddress a = unmapped();
  if (a.family_ == IpFamily::v4) {
    return a.bytes_[0] == 10 || (a.bytes_[0] == 172 && (a.bytes_[1] & 0xf0) == 16) ||
           (a.bytes_[0] == 192 && a.bytes_[1] == 168);
  }
  if (a.family_ == IpFamily::v6) return (a.bytes_[0] & 0xfe) == 0xfc;
  return false;
}

bool IpAddress::is_multicast() const {
  const IpAddress a = unmapped();
  if (a.family_ == IpFamily::v4) return (a.bytes_[0] & 0xf0) == 0xe0;
  if (a.family_ == IpFamily::v6) return a.bytes_[0] == 0xff;
  return false;
}

bool IpAddress::is_unspecified() const {
  const IpAddress a = unmapped();
  if (!a.valid()) return false;
  const auto b = a.bytes();
  return std::all_of(b.begin(), b.end(), [](auto x) { return x == 0; });
}

std::string_view precheck_target(const IpAddress& target) {
  std::string_view error;
  if (target.is_loopback()) error = errors::kLoopbackAddress;
  if (target.is_private()) error = errors::kPrivateAddress;
  if (target.is_multicast()) error = errors::kMulticastAddress;
  if (!target.valid()) error = errors::kInvalidIp;
  return error;
}

}  // namespace ntpmon::ntp
