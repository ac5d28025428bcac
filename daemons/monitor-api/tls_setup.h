#pragma once
// The TLS side of monitor-api's listener (OpenSSL only; no HTTP library here):
//   * the server context: the hot-swappable server certificate, TLS >= 1.2, client
//     certificates requested but optional and verified against the monitor CA;
//   * reading what the handshake decided about a connection's client certificate.
//
// A client certificate that fails verification does NOT fail the handshake: the failure is
// recorded and the RPCs answer `unauthenticated` naming it (expired, unknown CA, ...), while
// the API-key endpoints keep working, so an agent with an expired certificate can still renew.

#include <openssl/types.h>

#include <memory>
#include <vector>

#include "http_types.h"
#include "pki/certificate.h"
#include "pki/certificate_holder.h"

namespace ntpmon::monitor_api {

// Throws pki::PkiError.
void configure_server_context(SSL_CTX* ctx, std::shared_ptr<const pki::CertificateHolder> server_certificate,
                              const std::vector<pki::Certificate>& client_trust_anchors);

PeerCertificate peer_certificate_of(const SSL* ssl);

}  // namespace ntpmon::monitor_api
