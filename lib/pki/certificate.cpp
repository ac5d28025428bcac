#include "pki/certificate.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include "pki/detail/access.h"
#include "pki/detail/bio.h"
#include "pki/detail/openssl_error.h"
#include "pki/detail/x509_util.h"
#include "pki/error.h"
#include "pki/file_io.h"
#include "pki/key.h"

namespace ntpmon::pki {
namespace {

using detail::Access;

bool is_end_of_pem_input() {
  const unsigned long err = ERR_peek_last_error();
  return ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE;
}

detail::GeneralNamesPtr subject_alt_names(const X509* x509) {
  return detail::GeneralNamesPtr(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(x509, NID_subject_alt_name, nullptr, nullptr)));
}

}  // namespace

std::vector<Certificate> parse_certificate_chain(std::string_view pem) {
  detail::clear_openssl_errors();
  auto bio = detail::memory_bio_over(pem);
  std::vector<Certificate> chain;
  for (;;) {
    detail::X509Ptr x509(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!x509) {
      if (!chain.empty() && is_end_of_pem_input()) {
        detail::clear_openssl_errors();
        break;
      }
      if (chain.empty() && is_end_of_pem_input()) {
        detail::clear_openssl_errors();
        throw PkiError("no certificate found in PEM input");
      }
      detail::throw_openssl_error("cannot decode certificate #" + std::to_string(chain.size() + 1) +
                                  " in PEM input");
    }
    chain.push_back(Access::wrap(std::move(x509)));
  }
  return chain;
}

std::vector<Certificate> read_certificate_chain_file(const std::filesystem::path& path) {
  const std::string pem = read_file(path);
  try {
    return parse_certificate_chain(pem);
  } catch (const PkiError& e) {
    throw PkiError("certificate file " + path.string() + ": " + e.what());
  }
}

std::string to_pem(const std::vector<Certificate>& chain) {
  std::string pem;
  for (const auto& cert : chain) pem += cert.to_pem();
  return pem;
}

Certificate Certificate::from_pem(std::string_view pem) {
  return parse_certificate_chain(pem).front();
}

std::string Certificate::to_pem() const {
  detail::clear_openssl_errors();
  auto bio = detail::new_memory_bio();
  if (PEM_write_bio_X509(bio.get(), Access::x509(*this)) != 1) {
    detail::throw_openssl_error("cannot encode certificate PEM");
  }
  return detail::bio_contents(bio.get());
}

std::chrono::sys_seconds Certificate::not_before() const {
  return detail::to_sys_seconds(X509_get0_notBefore(Access::x509(*this)));
}

std::chrono::sys_seconds Certificate::not_after() const {
  return detail::to_sys_seconds(X509_get0_notAfter(Access::x509(*this)));
}

std::string Certificate::serial_hex() const {
  return detail::serial_to_hex(X509_get0_serialNumber(Access::x509(*this)));
}

std::string Certificate::subject_cn() const {
  return detail::common_name(X509_get_subject_name(Access::x509(*this)));
}

std::vector<std::string> Certificate::dns_names() const {
  std::vector<std::string> dns;
  auto names = subject_alt_names(Access::x509(*this));
  detail::collect_names(names.get(), &dns, nullptr);
  return dns;
}

CertificateInfo Certificate::info() const {
  X509* x509 = Access::x509(*this);
  CertificateInfo info;
  info.not_before = not_before();
  info.not_after = not_after();
  info.serial_hex = serial_hex();
  info.subject_cn = subject_cn();
  info.issuer_cn = detail::common_name(X509_get_issuer_name(x509));
  auto names = subject_alt_names(x509);
  detail::collect_names(names.get(), &info.dns_names, &info.ip_addresses);
  info.is_ca = X509_check_ca(x509) != 0 && (X509_get_extension_flags(x509) & EXFLAG_CA) != 0;
  detail::clear_openssl_errors();
  return info;
}

bool Certificate::matches_key(const PrivateKey& key) const {
  const EVP_PKEY* pub = X509_get0_pubkey(Access::x509(*this));
  const bool match = pub != nullptr && EVP_PKEY_eq(pub, Access::pkey(key)) == 1;
  detail::clear_openssl_errors();
  return match;
}

bool Certificate::same_as(const Certificate& other) const {
  return X509_cmp(Access::x509(*this), Access::x509(other)) == 0;
}

}  // namespace ntpmon::pki
