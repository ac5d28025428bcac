#pragma once
// The API keys agents get when their registration completes (spec/api.md §8.1-§8.2). A key is
//   ntpm_<16 characters lookup>_<32 characters secret>   (lower-case Crockford base32)
// The lookup part is stored as api_keys.token_lookup to find the row; only the SHA-256 of the
// whole key is stored (api_keys.token_hashed = "sha256:<hex>"), so the key is shown exactly
// once. 160 random bits in the secret make the hash safe without a slow KDF.

#include <optional>
#include <string>
#include <string_view>

namespace ntpmon::monitor_api {

struct NewApiKey {
  std::string key;     // give to the agent, never store
  std::string lookup;  // api_keys.token_lookup
  std::string hash;    // api_keys.token_hashed
};

NewApiKey generate_api_key();
// `length` random characters of lower-case Crockford base32 (5 bits each).
std::string random_token(std::size_t length);
// The lookup part of a well-formed key; nullopt for anything else.
std::optional<std::string> api_key_lookup(std::string_view key);
std::string hash_api_key(std::string_view key);
// Constant-time comparison of hash_api_key(key) with a stored hash.
bool api_key_matches(std::string_view key, std::string_view stored_hash);

}  // namespace ntpmon::monitor_api
