#include "api/ticket.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <set>
#include <stdexcept>

namespace ntpmon::api {
namespace {

constexpr std::string_view kDomain = "ntpmon-ticket-v1";

void append_u32(std::string& out, std::uint32_t v) {
  for (int i = 3; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

void append_u64(std::string& out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

void append_field(std::string& out, std::string_view field) {
  append_u32(out, static_cast<std::uint32_t>(field.size()));
  out.append(field);
}

std::array<unsigned char, 32> mac(const TicketKey& key, const TicketSubject& subject, std::uint64_t expires) {
  std::string data(kDomain);
  append_field(data, std::to_string(subject.monitor_id));
  append_field(data, subject.batch_id);
  append_field(data, subject.ip_bytes);
  append_u64(data, expires);
  std::array<unsigned char, 32> out{};
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key.secret.data(), static_cast<int>(key.secret.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &len) == nullptr ||
      len != out.size()) {
    throw std::runtime_error("ticket: HMAC-SHA256 failed");
  }
  return out;
}

bool newer(const TicketKey& a, const TicketKey& b) {
  return a.created != b.created ? a.created > b.created : a.id > b.id;
}

TicketKey random_key(std::uint8_t id, std::chrono::sys_seconds now) {
  TicketKey key;
  key.id = id;
  key.created = now;
  if (RAND_bytes(key.secret.data(), static_cast<int>(key.secret.size())) != 1) {
    throw std::runtime_error("ticket: the random generator failed");
  }
  return key;
}

}  // namespace

TicketKeyRing::TicketKeyRing(std::vector<TicketKey> keys) : keys_(std::move(keys)) {
  if (keys_.empty()) throw std::invalid_argument("a ticket key ring needs at least one key");
  std::set<std::uint8_t> ids;
  for (const auto& k : keys_) {
    if (k.id == 0) throw std::invalid_argument("ticket key id 0 is not allowed (ids are 1..255)");
    if (!ids.insert(k.id).second) throw std::invalid_argument("ticket key id " + std::to_string(k.id) + " is repeated");
  }
  std::sort(keys_.begin(), keys_.end(), [](const TicketKey& a, const TicketKey& b) { return newer(a, b); });
}

TicketKeyRing TicketKeyRing::generate(std::chrono::sys_seconds now) {
  return TicketKeyRing({random_key(1, now)});
}

const TicketKey& TicketKeyRing::current() const { return keys_.front(); }

const TicketKey* TicketKeyRing::find(std::uint8_t id) const {
  for (const auto& k : keys_) {
    if (k.id == id) return &k;
  }
  return nullptr;
}

TicketKeyRing TicketKeyRing::rotated(std::chrono::sys_seconds now, std::chrono::seconds grace) const {
  std::vector<TicketKey> kept;
  // keys_ is newest first: key i was superseded when key i-1 was created.
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (i == 0 || keys_[i - 1].created >= now - grace) kept.push_back(keys_[i]);
  }
  std::uint8_t id = keys_.empty() ? 1 : keys_.front().id;
  for (int tries = 0; tries < 255; ++tries) {
    id = static_cast<std::uint8_t>(id % 255 + 1);
    bool used = std::any_of(kept.begin(), kept.end(), [&](const TicketKey& k) { return k.id == id; });
    if (!used) break;
  }
  // Strictly newer than every kept key, so the new key is current even with a slow clock.
  auto created = keys_.empty() ? now : std::max(now, keys_.front().created + std::chrono::seconds(1));
  kept.push_back(random_key(id, created));
  return TicketKeyRing(std::move(kept));
}

std::string sign_ticket(const TicketKey& key, const TicketSubject& subject, std::chrono::sys_seconds expires) {
  auto exp = static_cast<std::uint64_t>(expires.time_since_epoch().count());
  std::string ticket;
  ticket.reserve(kTicketBytes);
  ticket += static_cast<char>(key.id);
  append_u64(ticket, exp);
  auto m = mac(key, subject, exp);
  ticket.append(reinterpret_cast<const char*>(m.data()), m.size());
  return ticket;
}

std::string_view to_string(TicketCheck check) {
  switch (check) {
    case TicketCheck::ok: return "ok";
    case TicketCheck::malformed: return "malformed ticket";
    case TicketCheck::unknown_key: return "ticket signed with an unknown or retired key";
    case TicketCheck::expired: return "ticket expired";
    case TicketCheck::bad_signature: return "ticket does not match this monitor, batch and server";
  }
  return "?";
}

TicketCheck verify_ticket(const TicketKeyRing& keys, std::string_view ticket, const TicketSubject& subject,
                          std::chrono::sys_seconds now) {
  if (ticket.size() != kTicketBytes) return TicketCheck::malformed;
  const auto* key = keys.find(static_cast<std::uint8_t>(ticket[0]));
  if (key == nullptr) return TicketCheck::unknown_key;
  std::uint64_t exp = 0;
  for (int i = 1; i <= 8; ++i) exp = (exp << 8) | static_cast<std::uint8_t>(ticket[i]);
  auto expected = mac(*key, subject, exp);
  if (CRYPTO_memcmp(expected.data(), ticket.data() + 9, expected.size()) != 0) return TicketCheck::bad_signature;
  if (exp < static_cast<std::uint64_t>(std::max<std::int64_t>(0, now.time_since_epoch().count()))) {
    return TicketCheck::expired;
  }
  return TicketCheck::ok;
}

}  // namespace ntpmon::api
