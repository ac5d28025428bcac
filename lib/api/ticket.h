#pragma once
// Work tickets (spec/api.md §4.6, "Project decisions"): GetServers gives the monitor one
// ticket per server; SubmitResults accepts a result only with the ticket of that monitor,
// batch and server IP, before it expires.
//
// A ticket is 41 bytes: the key id (1), the expiry in Unix seconds (8, big-endian) and
// HMAC-SHA256 (32) under that key over
//   "ntpmon-ticket-v1" | len|monitor id (decimal ASCII) | len|batch id (ULID text) |
//   len|IP (4 or 16 bytes) | expiry (8)
// where len is a 4-byte big-endian length. Verification recomputes the MAC with the key the
// ticket names and compares in constant time.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ntpmon::api {

inline constexpr std::size_t kTicketSecretBytes = 32;
inline constexpr std::size_t kTicketBytes = 1 + 8 + 32;

struct TicketKey {
  std::uint8_t id = 0;  // 1..255
  std::array<std::uint8_t, kTicketSecretBytes> secret{};
  std::chrono::sys_seconds created{};
};

// The keys a server signs and verifies with: the newest signs, every key in the ring verifies
// (old keys stay for a grace period after rotation, see ticket_key_file.h).
class TicketKeyRing {
 public:
  TicketKeyRing() = default;
  // Throws std::invalid_argument for no keys, an id of 0 or a repeated id.
  explicit TicketKeyRing(std::vector<TicketKey> keys);

  // A ring with one new random key.
  static TicketKeyRing generate(std::chrono::sys_seconds now);

  bool empty() const { return keys_.empty(); }
  // The newest key (latest `created`, then highest id). Precondition: !empty().
  const TicketKey& current() const;
  const TicketKey* find(std::uint8_t id) const;
  const std::vector<TicketKey>& keys() const { return keys_; }

  // This ring plus a new random key (which becomes current), without the keys that were
  // superseded more than `grace` before `now` (their successor was created before now − grace).
  TicketKeyRing rotated(std::chrono::sys_seconds now, std::chrono::seconds grace) const;

 private:
  std::vector<TicketKey> keys_;
};

struct TicketSubject {
  std::uint32_t monitor_id = 0;
  std::string_view batch_id;  // canonical ULID text
  std::string_view ip_bytes;  // 4 or 16 bytes
};

std::string sign_ticket(const TicketKey& key, const TicketSubject& subject, std::chrono::sys_seconds expires);

enum class TicketCheck { ok, malformed, unknown_key, expired, bad_signature };
std::string_view to_string(TicketCheck check);

TicketCheck verify_ticket(const TicketKeyRing& keys, std::string_view ticket, const TicketSubject& subject,
                          std::chrono::sys_seconds now);

}  // namespace ntpmon::api
