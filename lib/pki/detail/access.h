#pragma once
// Internal: the bridge between the public handle classes and the OpenSSL objects they hold.

#include "pki/certificate.h"
#include "pki/csr.h"
#include "pki/detail/ossl.h"
#include "pki/key.h"

namespace ntpmon::pki {

struct PrivateKey::Impl {
  detail::EvpPkeyPtr pkey;
};

struct Certificate::Impl {
  detail::X509Ptr x509;
};

struct CertificateRequest::Impl {
  detail::X509ReqPtr req;
};

namespace detail {

struct Access {
  static EVP_PKEY* pkey(const PrivateKey& key) { return key.impl_->pkey.get(); }
  static X509* x509(const Certificate& cert) { return cert.impl_->x509.get(); }
  static X509_REQ* req(const CertificateRequest& csr) { return csr.impl_->req.get(); }

  // Take ownership; the pointers must not be null.
  static PrivateKey wrap(EvpPkeyPtr pkey);
  static Certificate wrap(X509Ptr x509);
  static CertificateRequest wrap(X509ReqPtr req);
  // Shares (up-refs) an object OpenSSL owns.
  static PrivateKey share(EVP_PKEY* pkey);
  static Certificate share(X509* x509);
};

}  // namespace detail
}  // namespace ntpmon::pki
