#include "api_key.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <stdexcept>

namespace ntpmon::monitor_api {
namespace {

constexpr std::string_view kPrefix = "ntpm_";
constexpr std::size_t kLookupLength = 16;
constexpr std::size_t kSecretLength = 32;
constexpr char kAlphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";  // Crockford base32, lower case

std::string random_text(std::size_t length) {
  std::string bytes(length, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("API key: the random generator failed");
  }
  for (auto& c : bytes) c = kAlphabet[static_cast<unsigned char>(c) & 31];
  return bytes;
}

bool in_alphabet(std::string_view s) {
  for (char c : s) {
    if (std::string_view(kAlphabet).find(c) == std::string_view::npos) return false;
  }
  return true;
}

}  // namespace

std::string random_token(std::size_t length) { return random_text(length); }

NewApiKey generate_api_key() {
  NewApiKey k;
  k.lookup = random_text(kLookupLength);
  k.key = std::string(kPrefix) + k.lookup + "_" + random_text(kSecretLength);
  k.hash = hash_api_key(k.key);
  return k;
}

std::optional<std::string> api_key_lookup(std::string_view key) {
  if (key.size() != kPrefix.size() + kLookupLength + 1 + kSecretLength) return std::nullopt;
  if (key.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  auto lookup = key.substr(kPrefix.size(), kLookupLength);
  if (key[kPrefix.size() + kLookupLength] != '_') return std::nullopt;
  auto secret = key.substr(kPrefix.size() + kLookupLength + 1);
  if (!in_alphabet(lookup) || !in_alphabet(secret)) return std::nullopt;
  return std::string(lookup);
}

std::string hash_api_key(std::string_view key) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "sha256:";
  for (unsigned char b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

bool api_key_matches(std::string_view key, std::string_view stored_hash) {
  std::string computed = hash_api_key(key);
  return computed.size() == stored_hash.size() &&
         CRYPTO_memcmp(computed.data(), stored_hash.data(), computed.size()) == 0;
}

}  // namespace ntpmon::monitor_api
