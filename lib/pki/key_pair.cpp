#include "pki/key_pair.h"

#include "pki/error.h"
#include "pki/file_io.h"

namespace ntpmon::pki {

CertificateKeyPair::CertificateKeyPair(std::vector<Certificate> chain, PrivateKey key)
    : chain_(std::move(chain)), key_(std::move(key)) {
  if (chain_.empty()) throw PkiError("certificate chain is empty");
  if (!chain_.front().matches_key(key_)) {
    throw PkiError("private key (" + key_.description() + ") does not match certificate '" +
                   chain_.front().subject_cn() + "'");
  }
}

CertificateKeyPair CertificateKeyPair::from_pem(std::string_view cert_pem, std::string_view key_pem) {
  auto chain = parse_certificate_chain(cert_pem);
  auto key = PrivateKey::from_pem(key_pem);
  return CertificateKeyPair(std::move(chain), std::move(key));
}

CertificateKeyPair CertificateKeyPair::load_files(const std::filesystem::path& cert_path,
                                                  const std::filesystem::path& key_path) {
  const std::string cert_pem = read_file(cert_path);
  const std::string key_pem = read_file(key_path);
  std::vector<Certificate> chain;
  try {
    chain = parse_certificate_chain(cert_pem);
  } catch (const PkiError& e) {
    throw PkiError("certificate file " + cert_path.string() + ": " + e.what());
  }
  auto key = [&] {
    try {
      return PrivateKey::from_pem(key_pem);
    } catch (const PkiError& e) {
      throw PkiError("private key file " + key_path.string() + ": " + e.what());
    }
  }();
  try {
    return CertificateKeyPair(std::move(chain), std::move(key));
  } catch (const PkiError& e) {
    throw PkiError(std::string(e.what()) + " (" + key_path.string() + ", " + cert_path.string() + ")");
  }
}

}  // namespace ntpmon::pki
