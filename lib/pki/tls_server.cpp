#include "pki/tls_server.h"

#include "pki/detail/access.h"
#include "pki/detail/ex_data.h"
#include "pki/detail/openssl_error.h"
#include "pki/detail/store.h"
#include "pki/detail/x509_util.h"
#include "pki/error.h"

namespace ntpmon::pki {
namespace {

constexpr unsigned char kSessionIdContext[] = "ntpmon-pki-client-auth";

// Lives in the SSL_CTX (see CtxSlot) and is passed to the verify callback.
struct ClientVerifyState {
  std::function<bool(const std::vector<std::string>&)> accept_identity;
};

std::vector<std::string> dns_names_of(X509* cert) {
  std::vector<std::string> dns;
  detail::GeneralNamesPtr names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  detail::collect_names(names.get(), &dns, nullptr);
  return dns;
}

// Runs the standard chain verification, then the identity check on the leaf.
int verify_client_chain(X509_STORE_CTX* store_ctx, void* arg) {
  if (X509_verify_cert(store_ctx) != 1) return 0;
  const auto* state = static_cast<const ClientVerifyState*>(arg);
  if (state == nullptr || !state->accept_identity) return 1;
  bool accepted = false;
  try {
    accepted = state->accept_identity(dns_names_of(X509_STORE_CTX_get0_cert(store_ctx)));
  } catch (...) {
    accepted = false;  // never let an exception cross OpenSSL's C frames
  }
  if (!accepted) {
    X509_STORE_CTX_set_error_depth(store_ctx, 0);
    X509_STORE_CTX_set_error(store_ctx, X509_V_ERR_APPLICATION_VERIFICATION);
    return 0;
  }
  return 1;
}

int purpose_id(CertificatePurpose purpose) {
  switch (purpose) {
    case CertificatePurpose::kTlsClient:
      return X509_PURPOSE_SSL_CLIENT;
    case CertificatePurpose::kTlsServer:
      return X509_PURPOSE_SSL_SERVER;
    case CertificatePurpose::kAny:
      break;
  }
  return X509_PURPOSE_ANY;
}

}  // namespace

void configure_client_certificate_verification(SSL_CTX* ctx,
                                               const std::vector<Certificate>& trust_anchors,
                                               const ClientVerification& options) {
  if (ctx == nullptr) throw PkiError("configure_client_certificate_verification: no SSL_CTX");
  detail::clear_openssl_errors();
  auto store = detail::make_trust_store(trust_anchors);

  detail::X509NameStackPtr ca_names(sk_X509_NAME_new_null());
  if (!ca_names) detail::throw_openssl_error("cannot allocate the CA name list");
  for (const auto& anchor : trust_anchors) {
    detail::X509NamePtr name(X509_NAME_dup(X509_get_subject_name(detail::Access::x509(anchor))));
    if (!name || sk_X509_NAME_push(ca_names.get(), name.get()) <= 0) {
      detail::throw_openssl_error("cannot build the CA name list");
    }
    (void)name.release();  // owned by ca_names
  }

  if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1) {
    detail::throw_openssl_error("cannot set the minimum TLS version");
  }
  if (SSL_CTX_set_session_id_context(ctx, kSessionIdContext, sizeof kSessionIdContext - 1) != 1) {
    detail::throw_openssl_error("cannot set the TLS session id context");
  }
  if (SSL_CTX_set_purpose(ctx, purpose_id(options.purpose)) != 1) {
    detail::throw_openssl_error("cannot set the client certificate purpose");
  }

  auto* state = detail::CtxSlot<ClientVerifyState>::attach(
      ctx, std::make_unique<ClientVerifyState>(ClientVerifyState{options.accept_identity}));
  SSL_CTX_set_cert_store(ctx, store.release());  // ctx owns it now (and frees the old one)
  SSL_CTX_set_client_CA_list(ctx, ca_names.release());
  SSL_CTX_set_cert_verify_callback(ctx, verify_client_chain, state);
  const int mode = options.mode == ClientCertificateMode::kRequired
                       ? SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT
                       : SSL_VERIFY_PEER;
  SSL_CTX_set_verify(ctx, mode, nullptr);
}

std::vector<std::string> verified_peer_dns_names(const SSL* ssl) {
  if (ssl == nullptr) return {};
  X509* peer = SSL_get0_peer_certificate(ssl);
  if (peer == nullptr || SSL_get_verify_result(ssl) != X509_V_OK) return {};
  auto names = dns_names_of(peer);
  detail::clear_openssl_errors();
  return names;
}

std::optional<std::string> verified_peer_identity(const SSL* ssl) {
  auto names = verified_peer_dns_names(ssl);
  if (names.empty()) return std::nullopt;
  return names.front();
}

}  // namespace ntpmon::pki
