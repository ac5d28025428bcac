#include "pki/key.h"

#include <openssl/pem.h>

#include "pki/detail/access.h"
#include "pki/detail/bio.h"
#include "pki/detail/key_util.h"
#include "pki/detail/openssl_error.h"
#include "pki/error.h"
#include "pki/file_io.h"

namespace ntpmon::pki {
namespace {

using detail::Access;

// Password callback that refuses: an encrypted key is an error, never a terminal prompt.
int no_password(char*, int, int, void*) { return -1; }

}  // namespace

std::string_view to_string(KeyAlgorithm algorithm) {
  switch (algorithm) {
    case KeyAlgorithm::kEcP256:
      return "EC P-256";
    case KeyAlgorithm::kEcP384:
      return "EC P-384";
    case KeyAlgorithm::kRsa:
      return "RSA";
    case KeyAlgorithm::kEd25519:
      return "Ed25519";
    case KeyAlgorithm::kOther:
      break;
  }
  return "other";
}

PrivateKey PrivateKey::generate(KeyAlgorithm algorithm, int rsa_bits) {
  detail::clear_openssl_errors();
  detail::EvpPkeyPtr pkey;
  switch (algorithm) {
    case KeyAlgorithm::kEcP256:
      pkey.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
      break;
    case KeyAlgorithm::kEcP384:
      pkey.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"));
      break;
    case KeyAlgorithm::kRsa:
      if (rsa_bits < kMinRsaBits || rsa_bits > detail::kMaxRsaBits) {
        throw PkiError("cannot generate an RSA key of " + std::to_string(rsa_bits) +
                       " bits: use " + std::to_string(kMinRsaBits) + " to " +
                       std::to_string(detail::kMaxRsaBits));
      }
      pkey.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(rsa_bits)));
      break;
    case KeyAlgorithm::kEd25519:
      pkey.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
      break;
    case KeyAlgorithm::kOther:
      throw PkiError("cannot generate a key of algorithm 'other'");
  }
  if (!pkey) detail::throw_openssl_error("cannot generate " + std::string(to_string(algorithm)) + " key");
  return Access::wrap(std::move(pkey));
}

PrivateKey PrivateKey::from_pem(std::string_view pem) {
  detail::clear_openssl_errors();
  auto bio = detail::memory_bio_over(pem);
  detail::EvpPkeyPtr pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_password, nullptr));
  if (!pkey) detail::throw_openssl_error("cannot decode private key PEM");
  return Access::wrap(std::move(pkey));
}

PrivateKey PrivateKey::read_pem_file(const std::filesystem::path& path) {
  const std::string pem = read_file(path);
  try {
    return from_pem(pem);
  } catch (const PkiError& e) {
    throw PkiError("private key file " + path.string() + ": " + e.what());
  }
}

std::string PrivateKey::to_pem() const {
  detail::clear_openssl_errors();
  auto bio = detail::new_memory_bio();
  if (PEM_write_bio_PKCS8PrivateKey(bio.get(), Access::pkey(*this), nullptr, nullptr, 0, nullptr,
                                    nullptr) != 1) {
    detail::throw_openssl_error("cannot encode private key as PKCS#8 PEM");
  }
  return detail::bio_contents(bio.get());
}

std::string PrivateKey::public_key_pem() const {
  detail::clear_openssl_errors();
  auto bio = detail::new_memory_bio();
  if (PEM_write_bio_PUBKEY(bio.get(), Access::pkey(*this)) != 1) {
    detail::throw_openssl_error("cannot encode public key PEM");
  }
  return detail::bio_contents(bio.get());
}

void PrivateKey::write_pem_file(const std::filesystem::path& path) const {
  write_file_atomic(path, to_pem(), kPrivateKeyFileMode);
}

KeyAlgorithm PrivateKey::algorithm() const { return detail::key_algorithm(Access::pkey(*this)); }

int PrivateKey::bits() const { return EVP_PKEY_get_bits(Access::pkey(*this)); }

std::string PrivateKey::description() const { return detail::describe_key(Access::pkey(*this)); }

bool PrivateKey::same_public_key(const PrivateKey& other) const {
  const int eq = EVP_PKEY_eq(Access::pkey(*this), Access::pkey(other));
  detail::clear_openssl_errors();
  return eq == 1;
}

}  // namespace ntpmon::pki
