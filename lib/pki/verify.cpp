#include "pki/verify.h"

#include "pki/detail/access.h"
#include "pki/detail/openssl_error.h"
#include "pki/detail/store.h"
#include "pki/error.h"

namespace ntpmon::pki {

VerifyResult verify_certificate_chain(const std::vector<Certificate>& chain,
                                      const std::vector<Certificate>& trust_anchors,
                                      CertificatePurpose purpose,
                                      std::optional<std::chrono::system_clock::time_point> at) {
  if (chain.empty()) return {false, "no certificate to verify"};
  detail::clear_openssl_errors();
  auto store = detail::make_trust_store(trust_anchors);

  detail::X509StackPtr untrusted(sk_X509_new_null());
  if (!untrusted) detail::throw_openssl_error("cannot allocate a certificate stack");
  for (std::size_t i = 1; i < chain.size(); ++i) {
    X509* x = detail::Access::x509(chain[i]);
    if (X509_up_ref(x) != 1 || sk_X509_push(untrusted.get(), x) <= 0) {
      detail::throw_openssl_error("cannot build the intermediate certificate list");
    }
  }

  detail::X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!ctx || X509_STORE_CTX_init(ctx.get(), store.get(), detail::Access::x509(chain.front()),
                                  untrusted.get()) != 1) {
    detail::throw_openssl_error("cannot set up certificate verification");
  }
  switch (purpose) {
    case CertificatePurpose::kAny:
      break;
    case CertificatePurpose::kTlsClient:
      X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_CLIENT);
      break;
    case CertificatePurpose::kTlsServer:
      X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_SERVER);
      break;
  }
  if (at) {
    X509_STORE_CTX_set_time(ctx.get(), 0, std::chrono::system_clock::to_time_t(*at));
  }

  const int rc = X509_verify_cert(ctx.get());
  if (rc == 1) {
    detail::clear_openssl_errors();
    return {true, {}};
  }
  const int err = X509_STORE_CTX_get_error(ctx.get());
  std::string message = "certificate verification failed at depth " +
                        std::to_string(X509_STORE_CTX_get_error_depth(ctx.get())) + ": " +
                        X509_verify_cert_error_string(err);
  detail::clear_openssl_errors();
  return {false, message};
}

}  // namespace ntpmon::pki
