// The in-process CA: init/load, client certificates from CSRs, the API's server certificate.
// Issued certificates are checked by the openssl command-line tool as an independent verifier.

#include "pki/ca.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <thread>

#include "pki/certificate.h"
#include "pki/csr.h"
#include "pki/error.h"
#include "pki/verify.h"
#include "test_util.h"

namespace ntpmon::pki {
namespace {

using namespace std::chrono_literals;
using testing::contains;
using testing::run;
using testing::TempDir;

constexpr const char* kTlsName = "mon01.test.mon.ntppool.dev";

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::chrono::sys_seconds now_s() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

class PkiCa : public ::testing::Test {
 protected:
  void SetUp() override {
    ca_ = std::make_unique<CertificateAuthority>(CertificateAuthority::init(dir_ / "ca"));
  }

  // Writes a PEM to the temp dir and returns its path as a string for commands.
  std::string file(const std::string& name, const std::string& pem) {
    testing::write_text(dir_ / name, pem);
    return (dir_ / name).string();
  }
  std::string ca_file() const { return (dir_ / "ca" / kCaCertificateFileName).string(); }

  TempDir dir_;
  std::unique_ptr<CertificateAuthority> ca_;
};

TEST_F(PkiCa, InitWritesKeyAndSelfSignedCaCertificate) {
  EXPECT_EQ(testing::file_mode(dir_ / "ca" / kCaKeyFileName), 0600u);
  const auto& cert = ca_->certificate();
  const CertificateInfo info = cert.info();
  EXPECT_TRUE(info.is_ca);
  EXPECT_EQ(info.subject_cn, "ntpmon monitor CA");
  EXPECT_EQ(info.issuer_cn, "ntpmon monitor CA");
  EXPECT_EQ(info.not_after - info.not_before, kDefaultCaLifetime + kClockSkewAllowance);
  EXPECT_LE(info.not_before, now_s() - kClockSkewAllowance);
  EXPECT_GE(info.not_before, now_s() - kClockSkewAllowance - 60s);

  const auto text = run("openssl x509 -in " + ca_file() + " -noout -text");
  ASSERT_EQ(text.exit_status, 0) << text.output;
  EXPECT_TRUE(contains(text.output, "CA:TRUE")) << text.output;
  EXPECT_TRUE(contains(text.output, "Certificate Sign, CRL Sign")) << text.output;
  EXPECT_TRUE(contains(text.output, "X509v3 Subject Key Identifier")) << text.output;
  EXPECT_TRUE(contains(text.output, "ecdsa-with-SHA384")) << text.output;
  // Self-signed and valid as a root.
  const auto verify = run("openssl verify -CAfile " + ca_file() + " " + ca_file());
  EXPECT_EQ(verify.exit_status, 0) << verify.output;
}

TEST_F(PkiCa, InitUsesConfiguredNameAndLifetime) {
  CaOptions options;
  options.common_name = "Example Monitor CA";
  options.organization = "Example Org";
  options.key_algorithm = KeyAlgorithm::kRsa;
  options.lifetime = std::chrono::days{400};
  const auto ca = CertificateAuthority::init(dir_ / "other", options);
  const auto info = ca.certificate().info();
  EXPECT_EQ(info.subject_cn, "Example Monitor CA");
  EXPECT_EQ(info.not_after - info.not_before, std::chrono::days{400} + kClockSkewAllowance);
  const auto text = run("openssl x509 -in " + (dir_ / "other" / kCaCertificateFileName).string() +
                        " -noout -subject");
  EXPECT_TRUE(contains(text.output, "O = Example Org, CN = Example Monitor CA")) << text.output;
}

TEST_F(PkiCa, InitRefusesToOverwriteUnlessForced) {
  const std::string before = testing::read_text(dir_ / "ca" / kCaCertificateFileName);
  try {
    CertificateAuthority::init(dir_ / "ca");
    FAIL() << "existing CA overwritten";
  } catch (const PkiError& e) {
    EXPECT_TRUE(contains(e.what(), "already exists")) << e.what();
  }
  EXPECT_EQ(testing::read_text(dir_ / "ca" / kCaCertificateFileName), before);

  // Either file alone blocks init as well.
  std::filesystem::remove(dir_ / "ca" / kCaCertificateFileName);
  EXPECT_THROW(CertificateAuthority::init(dir_ / "ca"), PkiError);

  CaOptions force;
  force.force = true;
  const auto replaced = CertificateAuthority::init(dir_ / "ca", force);
  EXPECT_NE(testing::read_text(dir_ / "ca" / kCaCertificateFileName), before);
  EXPECT_TRUE(CertificateAuthority::load(dir_ / "ca").certificate().same_as(replaced.certificate()));
}

TEST_F(PkiCa, LoadReadsItBack) {
  const auto loaded = CertificateAuthority::load(dir_ / "ca");
  EXPECT_TRUE(loaded.certificate().same_as(ca_->certificate()));
  // The loaded CA issues certificates the original CA certificate verifies.
  const auto issued = loaded.issue_client_certificate(make_csr_pem(PrivateKey::generate()), kTlsName);
  EXPECT_TRUE(verify_certificate_chain({Certificate::from_pem(issued.certificate_pem)},
                                       {ca_->certificate()}, CertificatePurpose::kTlsClient));
}

TEST_F(PkiCa, LoadNamesMissingFile) {
  std::filesystem::remove(dir_ / "ca" / kCaKeyFileName);
  try {
    CertificateAuthority::load(dir_ / "ca");
    FAIL();
  } catch (const PkiFileNotFound& e) {
    EXPECT_EQ(e.path(), dir_ / "ca" / kCaKeyFileName);
    EXPECT_TRUE(contains(e.what(), (dir_ / "ca" / kCaKeyFileName).string())) << e.what();
  }
  try {
    CertificateAuthority::load(dir_ / "nowhere");
    FAIL();
  } catch (const PkiFileNotFound& e) {
    EXPECT_TRUE(contains(e.what(), kCaCertificateFileName)) << e.what();
  }
}

TEST_F(PkiCa, LoadNamesUnreadableFile) {
  testing::write_text(dir_ / "ca" / kCaCertificateFileName, "garbage");
  try {
    CertificateAuthority::load(dir_ / "ca");
    FAIL();
  } catch (const PkiError& e) {
    EXPECT_TRUE(contains(e.what(), (dir_ / "ca" / kCaCertificateFileName).string())) << e.what();
  }
}

TEST_F(PkiCa, LoadDetectsKeyMismatch) {
  PrivateKey::generate(KeyAlgorithm::kEcP384).write_pem_file(dir_ / "ca" / kCaKeyFileName);
  try {
    CertificateAuthority::load(dir_ / "ca");
    FAIL();
  } catch (const PkiError& e) {
    EXPECT_TRUE(contains(e.what(), "does not match")) << e.what();
  }
}

TEST_F(PkiCa, IssuedClientCertificatePassesOpensslVerify) {
  const PrivateKey key = PrivateKey::generate();
  // The CSR asks for another name; the CA ignores the CSR's subject and extensions.
  const std::string csr = make_csr_pem(key, {"evil.example", {"evil.example", "other.example"}});
  const auto before = now_s();
  const IssuedCertificate issued = ca_->issue_client_certificate(csr, kTlsName, std::chrono::days{30});
  const auto after = now_s();

  const std::string cert_file = file("client.pem", issued.certificate_pem);
  const auto verify_client =
      run("openssl verify -CAfile " + ca_file() + " -purpose sslclient " + cert_file);
  EXPECT_EQ(verify_client.exit_status, 0) << verify_client.output;
  EXPECT_TRUE(contains(verify_client.output, ": OK")) << verify_client.output;
  // Go verifies client certificates for serverAuth (api.md §3.2): both are present.
  const auto verify_server =
      run("openssl verify -CAfile " + ca_file() + " -purpose sslserver " + cert_file);
  EXPECT_EQ(verify_server.exit_status, 0) << verify_server.output;

  const auto text = run("openssl x509 -in " + cert_file + " -noout -text");
  ASSERT_EQ(text.exit_status, 0) << text.output;
  EXPECT_TRUE(contains(text.output, "Subject: CN = " + std::string(kTlsName))) << text.output;
  EXPECT_TRUE(contains(text.output, "DNS:" + std::string(kTlsName))) << text.output;
  EXPECT_FALSE(contains(text.output, "evil.example")) << text.output;
  EXPECT_FALSE(contains(text.output, "other.example")) << text.output;
  EXPECT_TRUE(contains(text.output, "TLS Web Client Authentication, TLS Web Server Authentication"))
      << text.output;
  EXPECT_TRUE(contains(text.output, "CA:FALSE")) << text.output;
  EXPECT_TRUE(contains(text.output, "Digital Signature")) << text.output;
  EXPECT_FALSE(contains(text.output, "Key Encipherment")) << text.output;
  EXPECT_TRUE(contains(text.output, "X509v3 Subject Key Identifier")) << text.output;
  EXPECT_TRUE(contains(text.output, "X509v3 Authority Key Identifier")) << text.output;

  // The record matches the certificate, as openssl reads it.
  const auto serial = run("openssl x509 -in " + cert_file + " -noout -serial");
  EXPECT_EQ("serial=" + issued.serial_hex + "\n", lower(serial.output));
  const Certificate cert = Certificate::from_pem(issued.certificate_pem);
  EXPECT_EQ(issued.not_before, cert.not_before());
  EXPECT_EQ(issued.not_after, cert.not_after());
  EXPECT_EQ(issued.serial_hex, cert.serial_hex());
  EXPECT_GE(issued.not_before, before - kClockSkewAllowance);
  EXPECT_LE(issued.not_before, after - kClockSkewAllowance);
  EXPECT_EQ(issued.not_after - issued.not_before, std::chrono::days{30} + kClockSkewAllowance);
  EXPECT_TRUE(cert.matches_key(key));
  EXPECT_EQ(cert.dns_names(), std::vector<std::string>{kTlsName});
}

TEST_F(PkiCa, IssuedDatesMatchOpensslReading) {
  const auto issued = ca_->issue_client_certificate(make_csr_pem(PrivateKey::generate()), kTlsName,
                                                    std::chrono::hours{7});
  const std::string cert_file = file("c.pem", issued.certificate_pem);
  // -checkend N fails when the certificate expires within N seconds.
  const auto seconds_left = (issued.not_after - now_s()).count();
  EXPECT_EQ(run("openssl x509 -in " + cert_file + " -noout -checkend " +
                std::to_string(seconds_left - 60)).exit_status, 0);
  EXPECT_NE(run("openssl x509 -in " + cert_file + " -noout -checkend " +
                std::to_string(seconds_left + 60)).exit_status, 0);
}

TEST_F(PkiCa, RsaClientCertificateAlsoAllowsKeyEncipherment) {
  const auto issued =
      ca_->issue_client_certificate(make_csr_pem(PrivateKey::generate_rsa()), kTlsName);
  const auto text = run("openssl x509 -in " + file("rsa.pem", issued.certificate_pem) + " -noout -text");
  EXPECT_TRUE(contains(text.output, "Digital Signature, Key Encipherment")) << text.output;
}

TEST_F(PkiCa, Ed25519ClientCertificateVerifies) {
  const auto issued =
      ca_->issue_client_certificate(make_csr_pem(PrivateKey::generate(KeyAlgorithm::kEd25519)), kTlsName);
  const auto verify = run("openssl verify -CAfile " + ca_file() + " -purpose sslclient " +
                          file("ed.pem", issued.certificate_pem));
  EXPECT_EQ(verify.exit_status, 0) << verify.output;
}

TEST_F(PkiCa, SerialsAreRandom128BitPositive) {
  const std::string csr = make_csr_pem(PrivateKey::generate());
  const auto a = ca_->issue_client_certificate(csr, kTlsName);
  const auto b = ca_->issue_client_certificate(csr, kTlsName);
  EXPECT_NE(a.serial_hex, b.serial_hex);
  for (const auto& s : {a.serial_hex, b.serial_hex}) {
    EXPECT_LE(s.size(), 32u) << s;
    EXPECT_GE(s.size(), 16u) << s;  // 8 leading zero bytes: probability 2^-64
    EXPECT_NE(s.front(), '-') << s;
  }
}

TEST_F(PkiCa, LifetimeIsCappedAtCaExpiry) {
  CaOptions options;
  options.lifetime = std::chrono::days{1};
  const auto short_ca = CertificateAuthority::init(dir_ / "short", options);
  const auto issued = short_ca.issue_client_certificate(make_csr_pem(PrivateKey::generate()), kTlsName,
                                                        std::chrono::days{30});
  EXPECT_EQ(issued.not_after, short_ca.certificate().not_after());
}

TEST_F(PkiCa, RefusesBadTlsNameLifetimeOrCsr) {
  const std::string csr = make_csr_pem(PrivateKey::generate());
  for (const char* bad : {"", "a.example,DNS:evil.example", "*.mon.ntppool.dev", "a b.example"}) {
    EXPECT_THROW(ca_->issue_client_certificate(csr, bad), PkiError) << bad;
  }
  EXPECT_THROW(ca_->issue_client_certificate(csr, kTlsName, std::chrono::seconds{0}), PkiError);
  EXPECT_THROW(ca_->issue_client_certificate("garbage", kTlsName), PkiError);
  EXPECT_THROW(ca_->issue_client_certificate(PrivateKey::generate().to_pem(), kTlsName), PkiError);
}

TEST_F(PkiCa, CertificateFromAnotherCaDoesNotVerify) {
  const auto other = CertificateAuthority::init(dir_ / "other");
  const auto issued = other.issue_client_certificate(make_csr_pem(PrivateKey::generate()), kTlsName);
  const auto verify = run("openssl verify -CAfile " + ca_file() + " -purpose sslclient " +
                          file("foreign.pem", issued.certificate_pem));
  EXPECT_NE(verify.exit_status, 0) << verify.output;
  EXPECT_FALSE(verify_certificate_chain({Certificate::from_pem(issued.certificate_pem)},
                                        {ca_->certificate()}, CertificatePurpose::kTlsClient));
}

TEST_F(PkiCa, ServerCertificateForNamesAndIpLiterals) {
  const ServerCertificate server =
      ca_->issue_server_certificate({"localhost", "127.0.0.1", "::1", "api.example"}, std::chrono::days{90});
  const auto cert_path = dir_ / "server.pem";
  const auto key_path = dir_ / "server.key";
  server.write_files(cert_path, key_path);
  EXPECT_EQ(testing::file_mode(cert_path), 0644u);
  EXPECT_EQ(testing::file_mode(key_path), 0600u);
  EXPECT_TRUE(Certificate::from_pem(testing::read_text(cert_path))
                  .matches_key(PrivateKey::read_pem_file(key_path)));

  const std::string c = cert_path.string();
  const auto ok = run("openssl verify -CAfile " + ca_file() + " -purpose sslserver -verify_ip 127.0.0.1 " + c);
  EXPECT_EQ(ok.exit_status, 0) << ok.output;
  const auto ok6 = run("openssl verify -CAfile " + ca_file() + " -purpose sslserver -verify_ip ::1 " + c);
  EXPECT_EQ(ok6.exit_status, 0) << ok6.output;
  const auto ok_name =
      run("openssl verify -CAfile " + ca_file() + " -purpose sslserver -verify_hostname localhost " + c);
  EXPECT_EQ(ok_name.exit_status, 0) << ok_name.output;
  const auto wrong_name =
      run("openssl verify -CAfile " + ca_file() + " -purpose sslserver -verify_hostname evil.example " + c);
  EXPECT_NE(wrong_name.exit_status, 0) << wrong_name.output;
  const auto as_client = run("openssl verify -CAfile " + ca_file() + " -purpose sslclient " + c);
  EXPECT_NE(as_client.exit_status, 0) << as_client.output;

  const auto text = run("openssl x509 -in " + c + " -noout -text");
  EXPECT_TRUE(contains(text.output,
                       "DNS:localhost, DNS:api.example, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1"))
      << text.output;
  EXPECT_TRUE(contains(text.output, "TLS Web Server Authentication")) << text.output;
  EXPECT_FALSE(contains(text.output, "TLS Web Client Authentication")) << text.output;

  const auto info = Certificate::from_pem(server.certificate.certificate_pem).info();
  EXPECT_EQ(info.subject_cn, "localhost");
  EXPECT_EQ(info.dns_names, (std::vector<std::string>{"localhost", "api.example"}));
  EXPECT_EQ(info.ip_addresses, (std::vector<std::string>{"127.0.0.1", "::1"}));
  EXPECT_EQ(info.not_after - info.not_before, std::chrono::days{90} + kClockSkewAllowance);
}

TEST_F(PkiCa, IssuesFromSeveralThreadsAtOnce) {
  const std::string csr = make_csr_pem(PrivateKey::generate());
  std::vector<std::string> serials(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < serials.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) serials[t] = ca_->issue_client_certificate(csr, kTlsName).serial_hex;
    });
  }
  for (auto& th : threads) th.join();
  std::sort(serials.begin(), serials.end());
  EXPECT_EQ(std::unique(serials.begin(), serials.end()), serials.end());
}

TEST_F(PkiCa, ServerCertificateRefusesBadNames) {
  EXPECT_THROW(ca_->issue_server_certificate({}), PkiError);
  EXPECT_THROW(ca_->issue_server_certificate({"bad name"}), PkiError);
}

}  // namespace
}  // namespace ntpmon::pki
