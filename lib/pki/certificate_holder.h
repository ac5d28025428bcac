#pragma once
// A hot-swappable certificate for TLS: the agent keeps its current client certificate here;
// every handshake of an SSL_CTX bound to the holder asks it for the certificate
// (SSL_CTX_set_cert_cb), so a renewed certificate is used by the next connection without a
// restart (agent.md §8.3). Thread-safe.

#include <openssl/types.h>  // SSL_CTX (forward declaration only)

#include <memory>
#include <mutex>

#include "pki/key_pair.h"

namespace ntpmon::pki {

class CertificateHolder {
 public:
  // Replaces the current certificate (takes effect on the next handshake).
  void set(CertificateKeyPair pair);
  // Removes it.
  void clear();
  // The current certificate, nullptr when there is none.
  std::shared_ptr<const CertificateKeyPair> current() const;
  bool has_certificate() const { return current() != nullptr; }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const CertificateKeyPair> pair_;
};

// A client context presents the holder's certificate when a server asks for one. With no
// certificate in the holder it sends none, and the server decides (API-key endpoints accept
// that; mTLS endpoints fail the handshake).
void use_as_client_certificate(SSL_CTX* ctx, std::shared_ptr<const CertificateHolder> holder);

// A server context presents the holder's certificate (SNI ignored). With none in the holder
// the handshake fails.
void use_as_server_certificate(SSL_CTX* ctx, std::shared_ptr<const CertificateHolder> holder);

}  // namespace ntpmon::pki
