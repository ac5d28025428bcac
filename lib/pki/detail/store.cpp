#include "pki/detail/store.h"

#include "pki/detail/access.h"
#include "pki/detail/openssl_error.h"
#include "pki/error.h"

namespace ntpmon::pki::detail {

X509StorePtr make_trust_store(const std::vector<Certificate>& trust_anchors) {
  if (trust_anchors.empty()) throw PkiError("the CA bundle holds no certificate");
  X509StorePtr store(X509_STORE_new());
  if (!store) throw_openssl_error("cannot allocate a certificate store");
  for (const auto& anchor : trust_anchors) {
    // X509_STORE_add_cert takes its own reference.
    if (X509_STORE_add_cert(store.get(), Access::x509(anchor)) != 1) {
      throw_openssl_error("cannot add CA certificate '" + anchor.subject_cn() + "' to the store");
    }
  }
  return store;
}

}  // namespace ntpmon::pki::detail
