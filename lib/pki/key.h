#pragma once
// Private keys: generation (EC P-256 by default, RSA 2048+), PEM encoding (PKCS#8) and
// decoding (PKCS#8, PKCS#1 "RSA PRIVATE KEY", SEC1 "EC PRIVATE KEY"), and key files written
// atomically with mode 0600. A PrivateKey is an immutable, cheaply copyable handle.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace ntpmon::pki {

namespace detail {
struct Access;
}

enum class KeyAlgorithm { kEcP256, kEcP384, kRsa, kEd25519, kOther };

// "EC P-256", "EC P-384", "RSA", "Ed25519", "other".
std::string_view to_string(KeyAlgorithm algorithm);

inline constexpr int kMinRsaBits = 2048;
inline constexpr int kDefaultRsaBits = 2048;

class PrivateKey {
 public:
  // rsa_bits is used for kRsa only (at least kMinRsaBits). kOther is rejected.
  static PrivateKey generate(KeyAlgorithm algorithm = KeyAlgorithm::kEcP256,
                             int rsa_bits = kDefaultRsaBits);
  static PrivateKey generate_ec_p256() { return generate(KeyAlgorithm::kEcP256); }
  static PrivateKey generate_rsa(int bits = kDefaultRsaBits) {
    return generate(KeyAlgorithm::kRsa, bits);
  }

  // Decodes the first private key in `pem` (unencrypted PKCS#8, PKCS#1 or SEC1). Encrypted
  // keys are rejected, never prompted for.
  static PrivateKey from_pem(std::string_view pem);
  // from_pem(read_file(path)); errors name the file. PkiFileNotFound when it is missing.
  static PrivateKey read_pem_file(const std::filesystem::path& path);

  // Unencrypted PKCS#8 ("-----BEGIN PRIVATE KEY-----").
  std::string to_pem() const;
  // The public half as a SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----").
  std::string public_key_pem() const;
  // Writes to_pem() atomically with mode 0600 (see write_file_atomic).
  void write_pem_file(const std::filesystem::path& path) const;

  KeyAlgorithm algorithm() const;
  int bits() const;
  // "EC P-256", "RSA 3072", "Ed25519", ... for messages and logs.
  std::string description() const;

  // True when both keys have the same public key.
  bool same_public_key(const PrivateKey& other) const;

  struct Impl;

 private:
  explicit PrivateKey(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  friend struct detail::Access;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace ntpmon::pki
