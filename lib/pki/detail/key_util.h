#pragma once
// Internal: classifying keys, the key acceptance policy, and the digest to sign with.

#include <string>
#include <string_view>

#include "pki/detail/ossl.h"
#include "pki/key.h"

namespace ntpmon::pki::detail {

KeyAlgorithm key_algorithm(const EVP_PKEY* pkey);
// "EC P-256", "RSA 2048", "Ed25519", or OpenSSL's type name for anything else.
std::string describe_key(const EVP_PKEY* pkey);

inline constexpr int kMaxRsaBits = 16384;  // bounds the cost of verifying a hostile CSR

// The policy for keys we certify: RSA of kMinRsaBits..kMaxRsaBits bits, EC P-256 or P-384,
// Ed25519. Throws PkiError "<whose> key <description> is not acceptable: <reason>".
void require_acceptable_key(const EVP_PKEY* pkey, std::string_view whose);

// The digest to sign with this key: SHA-384 for P-384, none for Ed25519 (it hashes
// internally), SHA-256 otherwise.
const EVP_MD* signing_digest(const EVP_PKEY* pkey);

}  // namespace ntpmon::pki::detail
