#include "pki/detail/access.h"

#include <stdexcept>

#include "pki/detail/openssl_error.h"

namespace ntpmon::pki::detail {

PrivateKey Access::wrap(EvpPkeyPtr pkey) {
  if (!pkey) throw std::logic_error("pki: wrapping a null EVP_PKEY");
  return PrivateKey(std::make_shared<const PrivateKey::Impl>(PrivateKey::Impl{std::move(pkey)}));
}

Certificate Access::wrap(X509Ptr x509) {
  if (!x509) throw std::logic_error("pki: wrapping a null X509");
  return Certificate(std::make_shared<const Certificate::Impl>(Certificate::Impl{std::move(x509)}));
}

CertificateRequest Access::wrap(X509ReqPtr req) {
  if (!req) throw std::logic_error("pki: wrapping a null X509_REQ");
  return CertificateRequest(
      std::make_shared<const CertificateRequest::Impl>(CertificateRequest::Impl{std::move(req)}));
}

PrivateKey Access::share(EVP_PKEY* pkey) {
  if (pkey == nullptr || EVP_PKEY_up_ref(pkey) != 1) throw_openssl_error("cannot reference key");
  return wrap(EvpPkeyPtr(pkey));
}

Certificate Access::share(X509* x509) {
  if (x509 == nullptr || X509_up_ref(x509) != 1) throw_openssl_error("cannot reference certificate");
  return wrap(X509Ptr(x509));
}

}  // namespace ntpmon::pki::detail
