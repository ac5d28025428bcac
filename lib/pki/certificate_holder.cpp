#include "pki/certificate_holder.h"

#include "pki/detail/access.h"
#include "pki/detail/ex_data.h"
#include "pki/detail/openssl_error.h"
#include "pki/error.h"

namespace ntpmon::pki {
namespace {

// Lives in the SSL_CTX (see CtxSlot); keeps the holder alive as long as the context.
struct HolderBinding {
  std::shared_ptr<const CertificateHolder> holder;
  bool server = false;
};

// SSL_CTX_set_cert_cb callback: 1 = continue (with or without a certificate), 0 = fail.
int select_certificate(SSL* ssl, void* arg) {
  const auto* binding = static_cast<const HolderBinding*>(arg);
  std::shared_ptr<const CertificateKeyPair> pair;
  try {
    pair = binding->holder->current();
  } catch (...) {
    return 0;
  }
  if (!pair) return binding->server ? 0 : 1;

  detail::X509StackPtr intermediates(sk_X509_new_null());
  if (!intermediates) return 0;
  const auto& chain = pair->chain();
  for (std::size_t i = 1; i < chain.size(); ++i) {
    X509* x = detail::Access::x509(chain[i]);
    if (X509_up_ref(x) != 1) return 0;
    if (sk_X509_push(intermediates.get(), x) <= 0) {
      X509_free(x);
      return 0;
    }
  }
  // Copies what it keeps (references to cert and key, a duplicate of the chain).
  return SSL_use_cert_and_key(ssl, detail::Access::x509(pair->leaf()),
                              detail::Access::pkey(pair->key()), intermediates.get(), 1) == 1
             ? 1
             : 0;
}

void bind(SSL_CTX* ctx, std::shared_ptr<const CertificateHolder> holder, bool server) {
  if (ctx == nullptr) throw PkiError("certificate holder: no SSL_CTX");
  if (!holder) throw PkiError("certificate holder: null holder");
  auto* binding = detail::CtxSlot<HolderBinding>::attach(
      ctx, std::make_unique<HolderBinding>(HolderBinding{std::move(holder), server}));
  SSL_CTX_set_cert_cb(ctx, select_certificate, binding);
}

}  // namespace

void CertificateHolder::set(CertificateKeyPair pair) {
  auto next = std::make_shared<const CertificateKeyPair>(std::move(pair));
  std::lock_guard lock(mutex_);
  pair_ = std::move(next);
}

void CertificateHolder::clear() {
  std::shared_ptr<const CertificateKeyPair> old;
  std::lock_guard lock(mutex_);
  old.swap(pair_);
}

std::shared_ptr<const CertificateKeyPair> CertificateHolder::current() const {
  std::lock_guard lock(mutex_);
  return pair_;
}

void use_as_client_certificate(SSL_CTX* ctx, std::shared_ptr<const CertificateHolder> holder) {
  bind(ctx, std::move(holder), false);
}

void use_as_server_certificate(SSL_CTX* ctx, std::shared_ptr<const CertificateHolder> holder) {
  bind(ctx, std::move(holder), true);
}

}  // namespace ntpmon::pki
