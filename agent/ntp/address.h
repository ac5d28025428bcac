#pragma once
// An IPv4 or IPv6 address as the monitor API carries it (4 or 16 bytes), and the target
// pre-checks of spec/agent.md §12.3.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ntpmon::ntp {

enum class IpFamily : std::uint8_t { none, v4, v6 };

class IpAddress {
 public:
  IpAddress() = default;  // invalid (family none)

  static IpAddress v4(const std::array<std::uint8_t, 4>& bytes);
  static IpAddress v6(const std::array<std::uint8_t, 16>& bytes);
  // 4 bytes -> IPv4, 16 bytes -> IPv6 (kept as sent, IPv4-mapped included), else invalid.
  static IpAddress from_bytes(std::span<const std::uint8_t> bytes);
  // Numeric text form ("192.0.2.1", "2001:db8::1"); no names, no zone index.
  static std::optional<IpAddress> parse(std::string_view text);

  IpFamily family() const { return family_; }
  bool valid() const { return family_ != IpFamily::none; }
  bool is_v4() const { return family_ == IpFamily::v4; }
  bool is_v6() const { return family_ == IpFamily::v6; }
  // 4, 16 or 0 bytes.
  std::span<const std::uint8_t> bytes() const;
  // "192.0.2.1", "2001:db8::1"; "invalid IP" for an invalid address.
  std::string to_string() const;

  // ::ffff:a.b.c.d
  bool is_v4_mapped() const;
  // The IPv4 address for an IPv4-mapped IPv6 address, else *this. Classification and
  // sockets use this form (as Go's net.IP does); the bytes reported keep the original.
  IpAddress unmapped() const;

  // Classification as Go's net.IP (IPv4-mapped addresses count as IPv4).
  bool is_loopback() const;      // 127.0.0.0/8, ::1
  bool is_private() const;       // 10/8, 172.16/12, 192.168/16, fc00::/7
  bool is_multicast() const;     // 224.0.0.0/4, ff00::/8
  bool is_unspecified() const;   // 0.0.0.0, ::

  friend bool operator==(const IpAddress&, const IpAddress&) = default;

 private:
  IpFamily family_ = IpFamily::none;
  std::array<std::uint8_t, 16> bytes_{};
};

// §12.3: the error text for a target that must not be measured, or "" when it may be.
// Checks loopback, private, multicast, invalid in that order; the last match wins.
std::string_view precheck_target(const IpAddress& target);

}  // namespace ntpmon::ntp
