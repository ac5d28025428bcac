// The TLS glue with cpp-httplib, its later user: an SSLServer on 127.0.0.1 requiring client
// certificates, an SSLClient presenting the holder's certificate, the handler reading the
// verified identity from Request::ssl.

#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "pki/ca.h"
#include "pki/certificate_holder.h"
#include "pki/csr.h"
#include "pki/tls_server.h"
#include "test_util.h"

namespace ntpmon::pki {
namespace {

CertificateKeyPair client_pair(const CertificateAuthority& ca, const std::string& tls_name) {
  const PrivateKey key = PrivateKey::generate();
  const auto issued = ca.issue_client_certificate(make_csr_pem(key), tls_name);
  return CertificateKeyPair::from_pem(issued.certificate_pem, key.to_pem());
}

TEST(PkiHttplib, MutualTlsWithHotSwappedClientCertificate) {
  testing::ignore_sigpipe();
  testing::TempDir dir;
  const auto ca = CertificateAuthority::init(dir / "ca");
  const auto other_ca = CertificateAuthority::init(dir / "other");
  auto server_holder = std::make_shared<CertificateHolder>();
  const ServerCertificate server_cert = ca.issue_server_certificate({"127.0.0.1", "localhost"});
  server_holder->set(CertificateKeyPair::from_pem(server_cert.certificate.certificate_pem,
                                                  server_cert.key.to_pem()));

  httplib::SSLServer server([&](SSL_CTX& ctx) {
    use_as_server_certificate(&ctx, server_holder);
    configure_client_certificate_verification(&ctx, {ca.certificate()});
    return true;
  });
  ASSERT_TRUE(server.is_valid());
  server.Get("/whoami", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(verified_peer_identity(req.ssl).value_or("(none)"), "text/plain");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  std::thread loop([&] { server.listen_after_bind(); });

  auto holder = std::make_shared<CertificateHolder>();
  holder->set(client_pair(ca, "first.test.mon.ntppool.dev"));
  httplib::SSLClient client("127.0.0.1", port);
  client.set_ca_cert_path((dir / "ca" / kCaCertificateFileName).c_str());
  client.enable_server_certificate_verification(true);
  use_as_client_certificate(client.ssl_context(), holder);

  auto res = client.Get("/whoami");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->body, "first.test.mon.ntppool.dev");

  holder->set(client_pair(ca, "second.test.mon.ntppool.dev"));
  res = client.Get("/whoami");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->body, "second.test.mon.ntppool.dev");

  holder->set(client_pair(other_ca, "foreign.test.mon.ntppool.dev"));
  EXPECT_FALSE(client.Get("/whoami"));

  holder->clear();
  EXPECT_FALSE(client.Get("/whoami"));

  server.stop();
  loop.join();
}

}  // namespace
}  // namespace ntpmon::pki
