#include "tls_setup.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "pki/tls_server.h"

namespace ntpmon::monitor_api {
namespace {

// Records verification failures instead of failing the handshake (see the header).
int record_and_continue(int /*preverify_ok*/, X509_STORE_CTX* /*ctx*/) { return 1; }

}  // namespace

void configure_server_context(SSL_CTX* ctx, std::shared_ptr<const pki::CertificateHolder> server_certificate,
                              const std::vector<pki::Certificate>& client_trust_anchors) {
  pki::use_as_server_certificate(ctx, std::move(server_certificate));
  pki::ClientVerification verification;
  verification.mode = pki::ClientCertificateMode::kOptional;
  verification.purpose = pki::CertificatePurpose::kTlsClient;
  pki::configure_client_certificate_verification(ctx, client_trust_anchors, verification);
  // Same mode (peer certificate requested, not required), with a callback that lets the
  // handshake finish; SSL_get_verify_result() still reports the first failure.
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, record_and_continue);
}

PeerCertificate peer_certificate_of(const SSL* ssl) {
  PeerCertificate peer;
  if (ssl == nullptr || SSL_get0_peer_certificate(ssl) == nullptr) return peer;
  long result = SSL_get_verify_result(ssl);
  if (result != X509_V_OK) {
    peer.state = PeerCertificate::State::rejected;
    peer.problem = X509_verify_cert_error_string(result);
    return peer;
  }
  peer.state = PeerCertificate::State::verified;
  peer.dns_names = pki::verified_peer_dns_names(ssl);
  return peer;
}

}  // namespace ntpmon::monitor_api
