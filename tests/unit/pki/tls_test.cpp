// Real TLS handshakes over a socketpair between an OpenSSL server configured with
// configure_client_certificate_verification and an OpenSSL client whose certificate comes
// from a CertificateHolder. Run with TLS 1.2 and TLS 1.3 (in 1.3 the server rejects a client
// certificate after the client's handshake has finished, so the client notices on read).

#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <optional>
#include <thread>

#include "pki/ca.h"
#include "pki/certificate_holder.h"
#include "pki/csr.h"
#include "pki/error.h"
#include "pki/key_pair.h"
#include "pki/tls_server.h"
#include "test_util.h"

namespace ntpmon::pki {
namespace {

using testing::TempDir;

struct SslCtxDeleter {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
struct SslDeleter {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
};
using SslCtx = std::unique_ptr<SSL_CTX, SslCtxDeleter>;
using Ssl = std::unique_ptr<SSL, SslDeleter>;

struct HandshakeResult {
  bool server_ok = false;  // SSL_accept succeeded
  bool client_ok = false;  // SSL_connect succeeded and the server's first byte arrived
  long server_verify_result = -1;
  std::optional<std::string> client_identity;  // verified_peer_identity on the server side
  std::string server_certificate_cn;           // what the client was shown
};

class Socketpair {
 public:
  Socketpair() {
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, fds_) != 0) throw std::runtime_error("socketpair");
    // A safety net against a hung test, not a synchronisation mechanism.
    timeval tv{10, 0};
    for (int fd : fds_) {
      ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    }
  }
  ~Socketpair() {
    ::close(fds_[0]);
    ::close(fds_[1]);
  }
  int server() const { return fds_[0]; }
  int client() const { return fds_[1]; }

 private:
  int fds_[2] = {-1, -1};
};

HandshakeResult handshake(SSL_CTX* server_ctx, SSL_CTX* client_ctx) {
  testing::ignore_sigpipe();
  HandshakeResult result;
  Socketpair sockets;

  std::thread server([&] {
    Ssl ssl(SSL_new(server_ctx));
    SSL_set_fd(ssl.get(), sockets.server());
    if (SSL_accept(ssl.get()) == 1) {
      result.server_ok = true;
      result.client_identity = verified_peer_identity(ssl.get());
      const char byte = 'k';
      SSL_write(ssl.get(), &byte, 1);
      SSL_shutdown(ssl.get());
    }
    result.server_verify_result = SSL_get_verify_result(ssl.get());
    ::shutdown(sockets.server(), SHUT_RDWR);
  });

  Ssl ssl(SSL_new(client_ctx));
  SSL_set_fd(ssl.get(), sockets.client());
  SSL_set_tlsext_host_name(ssl.get(), "localhost");
  SSL_set1_host(ssl.get(), "localhost");
  if (SSL_connect(ssl.get()) == 1) {
    if (X509* peer = SSL_get0_peer_certificate(ssl.get())) {
      char cn[256] = {};
      X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, cn, sizeof cn);
      result.server_certificate_cn = cn;
    }
    char byte = 0;
    result.client_ok = SSL_read(ssl.get(), &byte, 1) == 1 && byte == 'k';
  }
  ::shutdown(sockets.client(), SHUT_RDWR);
  server.join();
  return result;
}

class PkiTls : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    ca_ = std::make_unique<CertificateAuthority>(CertificateAuthority::init(dir_ / "ca"));
    other_ca_ = std::make_unique<CertificateAuthority>(CertificateAuthority::init(dir_ / "other"));
    const ServerCertificate server = ca_->issue_server_certificate({"localhost", "127.0.0.1"});
    server_holder_->set(CertificateKeyPair::from_pem(server.certificate.certificate_pem,
                                                     server.key.to_pem()));
  }

  static CertificateKeyPair client_pair(const CertificateAuthority& ca, const std::string& tls_name) {
    const PrivateKey key = PrivateKey::generate();
    const auto issued = ca.issue_client_certificate(make_csr_pem(key), tls_name);
    return CertificateKeyPair::from_pem(issued.certificate_pem, key.to_pem());
  }

  SslCtx server_ctx(const ClientVerification& verification = {}) {
    SslCtx ctx(SSL_CTX_new(TLS_server_method()));
    SSL_CTX_set_max_proto_version(ctx.get(), GetParam());
    use_as_server_certificate(ctx.get(), server_holder_);
    configure_client_certificate_verification(ctx.get(), {ca_->certificate()}, verification);
    return ctx;
  }

  SslCtx client_ctx(std::shared_ptr<const CertificateHolder> holder) {
    SslCtx ctx(SSL_CTX_new(TLS_client_method()));
    SSL_CTX_set_max_proto_version(ctx.get(), GetParam());
    const std::string ca_file = (dir_ / "ca" / kCaCertificateFileName).string();
    EXPECT_EQ(SSL_CTX_load_verify_locations(ctx.get(), ca_file.c_str(), nullptr), 1);
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
    if (holder) use_as_client_certificate(ctx.get(), std::move(holder));
    return ctx;
  }

  std::shared_ptr<CertificateHolder> holder_with(CertificateKeyPair pair) {
    auto holder = std::make_shared<CertificateHolder>();
    holder->set(std::move(pair));
    return holder;
  }

  TempDir dir_;
  std::unique_ptr<CertificateAuthority> ca_;
  std::unique_ptr<CertificateAuthority> other_ca_;
  std::shared_ptr<CertificateHolder> server_holder_ = std::make_shared<CertificateHolder>();
};

TEST_P(PkiTls, ClientWithCertificateFromOurCaIsAcceptedAndIdentified) {
  auto server = server_ctx();
  auto client = client_ctx(holder_with(client_pair(*ca_, "mon01.test.mon.ntppool.dev")));
  const auto r = handshake(server.get(), client.get());
  EXPECT_TRUE(r.server_ok);
  EXPECT_TRUE(r.client_ok);
  EXPECT_EQ(r.server_verify_result, X509_V_OK);
  EXPECT_EQ(r.client_identity, "mon01.test.mon.ntppool.dev");
  EXPECT_EQ(r.server_certificate_cn, "localhost");
}

TEST_P(PkiTls, ClientWithoutCertificateIsRejectedWhenRequired) {
  auto server = server_ctx();
  auto client = client_ctx(nullptr);
  const auto r = handshake(server.get(), client.get());
  EXPECT_FALSE(r.server_ok);
  EXPECT_FALSE(r.client_ok);
}

TEST_P(PkiTls, EmptyHolderSendsNoCertificate) {
  auto server = server_ctx();
  auto client = client_ctx(std::make_shared<CertificateHolder>());
  const auto r = handshake(server.get(), client.get());
  EXPECT_FALSE(r.server_ok);
  EXPECT_FALSE(r.client_ok);
}

TEST_P(PkiTls, ClientWithCertificateFromAnotherCaIsRejected) {
  auto server = server_ctx();
  auto client = client_ctx(holder_with(client_pair(*other_ca_, "mon01.test.mon.ntppool.dev")));
  const auto r = handshake(server.get(), client.get());
  EXPECT_FALSE(r.server_ok);
  EXPECT_FALSE(r.client_ok);
  EXPECT_NE(r.server_verify_result, X509_V_OK);
}

TEST_P(PkiTls, OptionalModeAcceptsNoCertificateButNotABadOne) {
  ClientVerification optional;
  optional.mode = ClientCertificateMode::kOptional;
  auto server = server_ctx(optional);

  auto anonymous = client_ctx(nullptr);
  const auto none = handshake(server.get(), anonymous.get());
  EXPECT_TRUE(none.server_ok);
  EXPECT_TRUE(none.client_ok);
  EXPECT_EQ(none.client_identity, std::nullopt);

  auto foreign = client_ctx(holder_with(client_pair(*other_ca_, "mon01.test.mon.ntppool.dev")));
  const auto bad = handshake(server.get(), foreign.get());
  EXPECT_FALSE(bad.server_ok);
  EXPECT_FALSE(bad.client_ok);

  auto good = client_ctx(holder_with(client_pair(*ca_, "mon02.test.mon.ntppool.dev")));
  const auto ok = handshake(server.get(), good.get());
  EXPECT_TRUE(ok.server_ok);
  EXPECT_EQ(ok.client_identity, "mon02.test.mon.ntppool.dev");
}

TEST_P(PkiTls, IdentityCheckCanRejectAVerifiedCertificate) {
  ClientVerification verification;
  verification.accept_identity = [](const std::vector<std::string>& names) {
    const std::string suffix = ".mon.ntppool.dev";
    for (const auto& n : names) {
      if (n.size() > suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0) {
        return true;
      }
    }
    return false;
  };
  auto server = server_ctx(verification);

  auto wrong = client_ctx(holder_with(client_pair(*ca_, "host.example.org")));
  const auto rejected = handshake(server.get(), wrong.get());
  EXPECT_FALSE(rejected.server_ok);
  EXPECT_FALSE(rejected.client_ok);
  EXPECT_EQ(rejected.server_verify_result, X509_V_ERR_APPLICATION_VERIFICATION);

  auto right = client_ctx(holder_with(client_pair(*ca_, "mon03.test.mon.ntppool.dev")));
  const auto accepted = handshake(server.get(), right.get());
  EXPECT_TRUE(accepted.server_ok);
  EXPECT_EQ(accepted.client_identity, "mon03.test.mon.ntppool.dev");
}

TEST_P(PkiTls, SwappingTheHolderCertificateTakesEffectOnTheNextHandshake) {
  auto server = server_ctx();
  auto holder = holder_with(client_pair(*ca_, "first.test.mon.ntppool.dev"));
  auto client = client_ctx(holder);

  EXPECT_EQ(handshake(server.get(), client.get()).client_identity, "first.test.mon.ntppool.dev");
  holder->set(client_pair(*ca_, "second.test.mon.ntppool.dev"));
  EXPECT_EQ(handshake(server.get(), client.get()).client_identity, "second.test.mon.ntppool.dev");
  holder->clear();
  EXPECT_FALSE(handshake(server.get(), client.get()).server_ok);
}

TEST_P(PkiTls, ServerHolderPresentsCurrentCertificateAndFailsWhenEmpty) {
  auto server = server_ctx();
  auto client = client_ctx(holder_with(client_pair(*ca_, "mon01.test.mon.ntppool.dev")));
  const ServerCertificate renewed = ca_->issue_server_certificate({"localhost.localdomain", "localhost"});
  server_holder_->set(
      CertificateKeyPair::from_pem(renewed.certificate.certificate_pem, renewed.key.to_pem()));
  const auto r = handshake(server.get(), client.get());
  EXPECT_TRUE(r.client_ok);
  EXPECT_EQ(r.server_certificate_cn, "localhost.localdomain");

  server_holder_->clear();
  const auto none = handshake(server.get(), client.get());
  EXPECT_FALSE(none.server_ok);
  EXPECT_FALSE(none.client_ok);
}

TEST_P(PkiTls, HolderIsSafeToSwapWhileHandshaking) {
  auto server = server_ctx();
  auto holder = holder_with(client_pair(*ca_, "a.test.mon.ntppool.dev"));
  auto client = client_ctx(holder);
  const auto a = client_pair(*ca_, "a.test.mon.ntppool.dev");
  const auto b = client_pair(*ca_, "b.test.mon.ntppool.dev");
  std::atomic<bool> stop{false};
  std::thread swapper([&] {
    for (int i = 0; !stop.load(); ++i) holder->set(i % 2 == 0 ? a : b);
  });
  for (int i = 0; i < 5; ++i) {
    const auto r = handshake(server.get(), client.get());
    EXPECT_TRUE(r.server_ok);
    EXPECT_TRUE(r.client_identity == "a.test.mon.ntppool.dev" ||
                r.client_identity == "b.test.mon.ntppool.dev");
  }
  stop = true;
  swapper.join();
}

INSTANTIATE_TEST_SUITE_P(Versions, PkiTls, ::testing::Values(TLS1_2_VERSION, TLS1_3_VERSION),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return info.param == TLS1_2_VERSION ? std::string("Tls12")
                                                               : std::string("Tls13");
                         });

TEST(PkiTlsConfig, RejectsEmptyBundle) {
  SslCtx ctx(SSL_CTX_new(TLS_server_method()));
  EXPECT_THROW(configure_client_certificate_verification(ctx.get(), {}), PkiError);
}

TEST(PkiTlsConfig, PeerIdentityOfNullIsEmpty) {
  EXPECT_TRUE(verified_peer_dns_names(nullptr).empty());
  EXPECT_EQ(verified_peer_identity(nullptr), std::nullopt);
}

}  // namespace
}  // namespace ntpmon::pki
