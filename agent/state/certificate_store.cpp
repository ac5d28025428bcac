#include "state/certificate_store.h"

#include <stdexcept>

#include "pki/error.h"
#include "pki/file_io.h"
#include "pki/key_pair.h"

namespace ntpmon::agent {

CertificateStore::CertificateStore(std::filesystem::path dir)
    : dir_(std::move(dir)), holder_(std::make_shared<pki::CertificateHolder>()) {}

void CertificateStore::save(std::string_view cert_pem, std::string_view key_pem) const {
  try {
    pki::write_file_atomic(cert_path(), cert_pem, pki::kCertificateFileMode);
    pki::write_file_atomic(key_path(), key_pem, pki::kPrivateKeyFileMode);
  } catch (const pki::PkiError& e) {
    throw std::runtime_error(std::string("error saving certificates: ") + e.what());
  }
}

void CertificateStore::save_certificate(std::string_view cert_pem) const {
  try {
    pki::write_file_atomic(cert_path(), cert_pem, pki::kCertificateFileMode);
  } catch (const pki::PkiError& e) {
    throw std::runtime_error(std::string("error saving certificate: ") + e.what());
  }
}

bool CertificateStore::install_pair(pki::CertificateKeyPair pair) {
  const auto before = holder_->current();
  const bool same = before && before->leaf().same_as(pair.leaf()) && before->key().same_public_key(pair.key());
  if (!same) holder_->set(std::move(pair));
  return !same;
}

CertificateStore::LoadResult CertificateStore::load() {
  try {
    auto pair = pki::CertificateKeyPair::load_files(cert_path(), key_path());
    return install_pair(std::move(pair)) ? LoadResult::loaded_new : LoadResult::loaded_same;
  } catch (const pki::PkiFileNotFound&) {
    return LoadResult::not_found;
  } catch (const pki::PkiError& e) {
    throw std::runtime_error(std::string("load certificate: ") + e.what());
  }
}

bool CertificateStore::install(std::string_view cert_pem, std::string_view key_pem) {
  try {
    return install_pair(pki::CertificateKeyPair::from_pem(cert_pem, key_pem));
  } catch (const pki::PkiError& e) {
    throw std::runtime_error(std::string("issued certificate is unusable: ") + e.what());
  }
}

pki::PrivateKey CertificateStore::ensure_private_key() const {
  try {
    return pki::PrivateKey::read_pem_file(key_path());
  } catch (const pki::PkiError&) {
    // Missing or unusable: a new key (the certificate for the old one, if any, is replaced
    // by the one issued for this key).
  }
  auto key = pki::PrivateKey::generate_ec_p256();
  try {
    key.write_pem_file(key_path());
  } catch (const pki::PkiError& e) {
    throw std::runtime_error(std::string("cannot store the private key: ") + e.what());
  }
  return key;
}

std::optional<pki::CertificateDates> CertificateStore::dates() const {
  const auto pair = holder_->current();
  if (!pair) return std::nullopt;
  return pair->dates();
}

pki::ValidityCheck CertificateStore::validity(std::chrono::system_clock::time_point now) const {
  return pki::check_validity(dates(), now);
}

bool CertificateStore::usable(std::chrono::system_clock::time_point now) const {
  const auto d = dates();
  return d && now < d->not_after;
}

}  // namespace ntpmon::agent
