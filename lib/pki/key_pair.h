#pragma once
// A certificate chain with its private key, as a TLS endpoint presents it. Construction
// checks that the key belongs to the leaf, so a CertificateKeyPair is always usable.

#include <filesystem>
#include <string_view>
#include <vector>

#include "pki/certificate.h"
#include "pki/key.h"
#include "pki/validity.h"

namespace ntpmon::pki {

class CertificateKeyPair {
 public:
  // Throws PkiError when the chain is empty or the key does not match the leaf.
  CertificateKeyPair(std::vector<Certificate> chain, PrivateKey key);

  // Parses cert_pem (a chain, leaf first) and key_pem (PKCS#8, PKCS#1 or SEC1).
  // Throws PkiError for garbage, empty input, or a key that does not match.
  static CertificateKeyPair from_pem(std::string_view cert_pem, std::string_view key_pem);

  // agent.md §8.2: reads cert_path, then key_path, then parses the pair. A missing file
  // throws PkiFileNotFound (naming that file); anything else PkiError naming the file.
  static CertificateKeyPair load_files(const std::filesystem::path& cert_path,
                                       const std::filesystem::path& key_path);

  const Certificate& leaf() const { return chain_.front(); }
  const std::vector<Certificate>& chain() const { return chain_; }
  const PrivateKey& key() const { return key_; }
  CertificateDates dates() const { return {leaf().not_before(), leaf().not_after()}; }

 private:
  std::vector<Certificate> chain_;
  PrivateKey key_;
};

}  // namespace ntpmon::pki
