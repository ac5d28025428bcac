#pragma once
// TLS server glue (for cpp-httplib's SSLServer setup callback or any OpenSSL server):
// verifying client certificates against a CA bundle inside the handshake, and reading the
// verified client's identity afterwards.

#include <openssl/types.h>  // SSL_CTX, SSL (forward declarations only)

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "pki/certificate.h"
#include "pki/verify.h"

namespace ntpmon::pki {

enum class ClientCertificateMode {
  kRequired,  // no certificate → handshake fails (SSL_VERIFY_PEER|SSL_VERIFY_FAIL_IF_NO_PEER_CERT)
  kOptional,  // requested; none → accepted (API-key endpoints); a bad one still fails
};

struct ClientVerification {
  ClientCertificateMode mode = ClientCertificateMode::kRequired;
  // EKU the client's leaf must allow. Our CA issues clientAuth + serverAuth.
  CertificatePurpose purpose = CertificatePurpose::kTlsClient;
  // Optional extra check of a chain that verified: receives the leaf's DNS SANs; returning
  // false fails the handshake (X509_V_ERR_APPLICATION_VERIFICATION). For api.md §3.2's
  // monitor-name rule.
  std::function<bool(const std::vector<std::string>& dns_names)> accept_identity;
};

// Configures `ctx` (a server context) to request client certificates and verify them
// against `trust_anchors` only (the context's previous trust store is replaced), sends the
// anchors' names as acceptable CAs, sets the minimum protocol to TLS 1.2 and a session id
// context (needed for resumption with client certificates). The context keeps what it needs
// (the identity check lives as long as the context). Throws PkiError.
void configure_client_certificate_verification(SSL_CTX* ctx,
                                               const std::vector<Certificate>& trust_anchors,
                                               const ClientVerification& options = {});

// DNS SANs of the peer certificate of a connection whose handshake succeeded, when the peer
// presented one and it verified; empty otherwise.
std::vector<std::string> verified_peer_dns_names(const SSL* ssl);
// The first of those (the monitor's tls_name), nullopt when there is none.
std::optional<std::string> verified_peer_identity(const SSL* ssl);

}  // namespace ntpmon::pki
