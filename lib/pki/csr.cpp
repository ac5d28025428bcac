#include "pki/csr.h"

#include <openssl/pem.h>

#include <cstring>

#include "pki/detail/access.h"
#include "pki/detail/bio.h"
#include "pki/detail/general_names.h"
#include "pki/detail/key_util.h"
#include "pki/detail/openssl_error.h"
#include "pki/detail/x509_util.h"
#include "pki/error.h"

namespace ntpmon::pki {
namespace {

using detail::Access;

detail::X509ExtensionPtr make_san_extension(const std::vector<std::string>& dns_names) {
  for (const auto& name : dns_names) {
    if (!detail::is_valid_dns_name(name)) throw PkiError("invalid DNS name for the CSR: '" + name + "'");
  }
  auto names = detail::make_general_names(dns_names, {});
  detail::X509ExtensionPtr ext(X509V3_EXT_i2d(NID_subject_alt_name, 0, names.get()));
  if (!ext) detail::throw_openssl_error("cannot encode the CSR subjectAltName");
  return ext;
}

}  // namespace

std::string make_csr_pem(const PrivateKey& key, const CsrOptions& options) {
  detail::clear_openssl_errors();
  EVP_PKEY* pkey = Access::pkey(key);
  detail::X509ReqPtr req(X509_REQ_new());
  if (!req || X509_REQ_set_version(req.get(), X509_REQ_VERSION_1) != 1) {
    detail::throw_openssl_error("cannot allocate a CSR");
  }
  if (!options.common_name.empty()) {
    X509_NAME* subject = X509_REQ_get_subject_name(req.get());
    if (X509_NAME_add_entry_by_NID(
            subject, NID_commonName, MBSTRING_UTF8,
            reinterpret_cast<const unsigned char*>(options.common_name.data()),
            static_cast<int>(options.common_name.size()), -1, 0) != 1) {
      detail::throw_openssl_error("cannot set CSR subject CN '" + options.common_name + "'");
    }
  }
  if (X509_REQ_set_pubkey(req.get(), pkey) != 1) detail::throw_openssl_error("cannot set CSR public key");
  if (!options.dns_names.empty()) {
    detail::X509ExtensionStackPtr exts(sk_X509_EXTENSION_new_null());
    if (!exts) detail::throw_openssl_error("cannot allocate CSR extensions");
    auto san = make_san_extension(options.dns_names);
    if (sk_X509_EXTENSION_push(exts.get(), san.get()) <= 0) {
      detail::throw_openssl_error("cannot add the CSR subjectAltName");
    }
    (void)san.release();  // owned by exts
    if (X509_REQ_add_extensions(req.get(), exts.get()) != 1) {
      detail::throw_openssl_error("cannot add CSR extensions");
    }
  }
  if (X509_REQ_sign(req.get(), pkey, detail::signing_digest(pkey)) <= 0) {
    detail::throw_openssl_error("cannot sign the CSR with the " + detail::describe_key(pkey) + " key");
  }
  auto bio = detail::new_memory_bio();
  if (PEM_write_bio_X509_REQ(bio.get(), req.get()) != 1) detail::throw_openssl_error("cannot encode CSR PEM");
  return detail::bio_contents(bio.get());
}

CertificateRequest CertificateRequest::parse(std::string_view pem) {
  if (pem.size() > kMaxCsrPemBytes) {
    throw PkiError("CSR rejected: " + std::to_string(pem.size()) + " bytes is more than the limit of " +
                   std::to_string(kMaxCsrPemBytes));
  }
  detail::clear_openssl_errors();
  auto bio = detail::memory_bio_over(pem);
  char* raw_name = nullptr;
  char* raw_header = nullptr;
  unsigned char* raw_data = nullptr;
  long len = 0;
  const int read = PEM_read_bio(bio.get(), &raw_name, &raw_header, &raw_data, &len);
  detail::OpensslMallocPtr<char> name(raw_name);
  detail::OpensslMallocPtr<char> header(raw_header);
  detail::OpensslMallocPtr<unsigned char> data(raw_data);
  if (read != 1) detail::throw_openssl_error("CSR rejected: no PEM block found");
  if (std::strcmp(name.get(), "CERTIFICATE REQUEST") != 0 &&
      std::strcmp(name.get(), "NEW CERTIFICATE REQUEST") != 0) {
    throw PkiError(std::string("CSR rejected: expected a PEM CERTIFICATE REQUEST, found a PEM ") +
                   name.get());
  }
  if (header && header.get()[0] != '\0') throw PkiError("CSR rejected: unexpected PEM headers");

  const unsigned char* p = data.get();
  detail::X509ReqPtr req(d2i_X509_REQ(nullptr, &p, len));
  if (!req) detail::throw_openssl_error("CSR rejected: malformed DER");
  if (p != data.get() + len) {
    throw PkiError("CSR rejected: " + std::to_string(data.get() + len - p) +
                   " unexpected bytes after the request");
  }

  EVP_PKEY* pkey = X509_REQ_get0_pubkey(req.get());
  if (pkey == nullptr) detail::throw_openssl_error("CSR rejected: unsupported or malformed public key");
  try {
    detail::require_acceptable_key(pkey, "CSR");
  } catch (const PkiError& e) {
    throw PkiError(std::string("CSR rejected: ") + e.what());
  }
  if (X509_REQ_verify(req.get(), pkey) != 1) {
    detail::throw_openssl_error("CSR rejected: the signature does not verify with its public key");
  }
  return Access::wrap(std::move(req));
}

std::string CertificateRequest::subject_cn() const {
  return detail::common_name(X509_REQ_get_subject_name(Access::req(*this)));
}

std::vector<std::string> CertificateRequest::dns_names() const {
  std::vector<std::string> dns;
  detail::X509ExtensionStackPtr exts(X509_REQ_get_extensions(Access::req(*this)));
  if (!exts) {
    detail::clear_openssl_errors();
    return dns;
  }
  detail::GeneralNamesPtr names(static_cast<GENERAL_NAMES*>(
      X509V3_get_d2i(exts.get(), NID_subject_alt_name, nullptr, nullptr)));
  detail::collect_names(names.get(), &dns, nullptr);
  detail::clear_openssl_errors();
  return dns;
}

KeyAlgorithm CertificateRequest::key_algorithm() const {
  return detail::key_algorithm(X509_REQ_get0_pubkey(Access::req(*this)));
}

std::string CertificateRequest::key_description() const {
  return detail::describe_key(X509_REQ_get0_pubkey(Access::req(*this)));
}

std::string CertificateRequest::to_pem() const {
  auto bio = detail::new_memory_bio();
  if (PEM_write_bio_X509_REQ(bio.get(), Access::req(*this)) != 1) {
    detail::throw_openssl_error("cannot encode CSR PEM");
  }
  return detail::bio_contents(bio.get());
}

}  // namespace ntpmon::pki
