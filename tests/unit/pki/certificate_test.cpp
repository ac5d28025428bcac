// Certificate inspection, chain verification, and certificate + key pairs (agent.md §8.2).

#include "pki/certificate.h"

#include <gtest/gtest.h>

#include "pki/ca.h"
#include "pki/csr.h"
#include "pki/error.h"
#include "pki/key_pair.h"
#include "pki/verify.h"
#include "test_util.h"

namespace ntpmon::pki {
namespace {

using namespace std::chrono_literals;
using testing::contains;
using testing::run;
using testing::TempDir;

class PkiCertificate : public ::testing::Test {
 protected:
  void SetUp() override {
    ca_ = std::make_unique<CertificateAuthority>(CertificateAuthority::init(dir_ / "ca"));
    other_ca_ = std::make_unique<CertificateAuthority>(CertificateAuthority::init(dir_ / "other"));
    issued_ = ca_->issue_client_certificate(make_csr_pem(key_), "leaf.test.mon.ntppool.dev",
                                            std::chrono::days{30});
  }

  TempDir dir_;
  std::unique_ptr<CertificateAuthority> ca_;
  std::unique_ptr<CertificateAuthority> other_ca_;
  PrivateKey key_ = PrivateKey::generate();
  IssuedCertificate issued_;
};

TEST_F(PkiCertificate, ParsesFieldsLikeOpenssl) {
  const Certificate cert = Certificate::from_pem(issued_.certificate_pem);
  const CertificateInfo info = cert.info();
  EXPECT_EQ(info.subject_cn, "leaf.test.mon.ntppool.dev");
  EXPECT_EQ(info.issuer_cn, "ntpmon monitor CA");
  EXPECT_EQ(info.dns_names, std::vector<std::string>{"leaf.test.mon.ntppool.dev"});
  EXPECT_TRUE(info.ip_addresses.empty());
  EXPECT_FALSE(info.is_ca);
  EXPECT_EQ(info.not_after - info.not_before, std::chrono::days{30} + kClockSkewAllowance);

  testing::write_text(dir_ / "leaf.pem", issued_.certificate_pem);
  // openssl prints notAfter as "Mon DD HH:MM:SS YYYY GMT"; compare via epoch seconds.
  const auto r = run("date -u -d \"$(openssl x509 -in " + (dir_ / "leaf.pem").string() +
                     " -noout -enddate | cut -d= -f2)\" +%s");
  ASSERT_EQ(r.exit_status, 0) << r.output;
  EXPECT_EQ(std::stoll(r.output), info.not_after.time_since_epoch().count());
}

TEST_F(PkiCertificate, ParsesChainLeafFirst) {
  const std::string chain_pem =
      "leading text is ignored\n" + issued_.certificate_pem + ca_->certificate_pem();
  const auto chain = parse_certificate_chain(chain_pem);
  ASSERT_EQ(chain.size(), 2u);
  EXPECT_EQ(chain[0].subject_cn(), "leaf.test.mon.ntppool.dev");
  EXPECT_TRUE(chain[1].same_as(ca_->certificate()));
  EXPECT_EQ(to_pem(chain), issued_.certificate_pem + ca_->certificate_pem());
}

TEST_F(PkiCertificate, RejectsGarbageEmptyAndCorruptBlocks) {
  EXPECT_THROW(parse_certificate_chain(""), PkiError);
  EXPECT_THROW(parse_certificate_chain("garbage"), PkiError);
  EXPECT_THROW(parse_certificate_chain(key_.to_pem()), PkiError);
  try {
    parse_certificate_chain(issued_.certificate_pem +
                            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    FAIL();
  } catch (const PkiError& e) {
    EXPECT_TRUE(contains(e.what(), "certificate #2")) << e.what();
  }
}

TEST_F(PkiCertificate, MatchesKey) {
  const Certificate cert = Certificate::from_pem(issued_.certificate_pem);
  EXPECT_TRUE(cert.matches_key(key_));
  EXPECT_FALSE(cert.matches_key(PrivateKey::generate()));
  EXPECT_FALSE(cert.matches_key(PrivateKey::generate_rsa()));
}

TEST_F(PkiCertificate, VerifiesAgainstOurCaOnly) {
  const std::vector<Certificate> chain{Certificate::from_pem(issued_.certificate_pem)};
  EXPECT_TRUE(verify_certificate_chain(chain, {ca_->certificate()}, CertificatePurpose::kTlsClient));
  EXPECT_TRUE(verify_certificate_chain(chain, {ca_->certificate()}, CertificatePurpose::kTlsServer));
  EXPECT_TRUE(verify_certificate_chain(chain, {other_ca_->certificate(), ca_->certificate()},
                                       CertificatePurpose::kAny));
  const VerifyResult foreign =
      verify_certificate_chain(chain, {other_ca_->certificate()}, CertificatePurpose::kTlsClient);
  EXPECT_FALSE(foreign);
  EXPECT_TRUE(contains(foreign.error, "unable to get local issuer certificate")) << foreign.error;
}

TEST_F(PkiCertificate, VerificationChecksTime) {
  const std::vector<Certificate> chain{Certificate::from_pem(issued_.certificate_pem)};
  const auto after_expiry = issued_.not_after + 1h;
  const VerifyResult expired = verify_certificate_chain(chain, {ca_->certificate()},
                                                        CertificatePurpose::kTlsClient, after_expiry);
  EXPECT_FALSE(expired);
  EXPECT_TRUE(contains(expired.error, "expired")) << expired.error;
  const VerifyResult early = verify_certificate_chain(
      chain, {ca_->certificate()}, CertificatePurpose::kTlsClient, issued_.not_before - 1h);
  EXPECT_FALSE(early);
  EXPECT_TRUE(verify_certificate_chain(chain, {ca_->certificate()}, CertificatePurpose::kTlsClient,
                                       issued_.not_after - 1h));
}

TEST_F(PkiCertificate, VerificationChecksPurpose) {
  const ServerCertificate server = ca_->issue_server_certificate({"localhost"});
  const std::vector<Certificate> chain{Certificate::from_pem(server.certificate.certificate_pem)};
  EXPECT_TRUE(verify_certificate_chain(chain, {ca_->certificate()}, CertificatePurpose::kTlsServer));
  const VerifyResult as_client =
      verify_certificate_chain(chain, {ca_->certificate()}, CertificatePurpose::kTlsClient);
  EXPECT_FALSE(as_client);
  EXPECT_TRUE(contains(as_client.error, "unsuitable certificate purpose")) << as_client.error;
}

TEST_F(PkiCertificate, PairFromPemChecksKey) {
  const auto pair = CertificateKeyPair::from_pem(issued_.certificate_pem, key_.to_pem());
  EXPECT_EQ(pair.leaf().subject_cn(), "leaf.test.mon.ntppool.dev");
  EXPECT_EQ(pair.dates().not_after, issued_.not_after);
  try {
    CertificateKeyPair::from_pem(issued_.certificate_pem, PrivateKey::generate().to_pem());
    FAIL();
  } catch (const PkiError& e) {
    EXPECT_TRUE(contains(e.what(), "does not match")) << e.what();
  }
  EXPECT_THROW(CertificateKeyPair::from_pem("", ""), PkiError);
  EXPECT_THROW(CertificateKeyPair::from_pem(issued_.certificate_pem, "garbage"), PkiError);
}

TEST_F(PkiCertificate, PairLoadFilesDistinguishesMissingFromBroken) {
  const auto cert_path = dir_ / "cert.pem";
  const auto key_path = dir_ / "key.pem";
  try {
    CertificateKeyPair::load_files(cert_path, key_path);
    FAIL();
  } catch (const PkiFileNotFound& e) {
    EXPECT_EQ(e.path(), cert_path);
  }
  testing::write_text(cert_path, issued_.certificate_pem);
  try {
    CertificateKeyPair::load_files(cert_path, key_path);
    FAIL();
  } catch (const PkiFileNotFound& e) {
    EXPECT_EQ(e.path(), key_path);
  }
  testing::write_text(key_path, "");
  try {
    CertificateKeyPair::load_files(cert_path, key_path);
    FAIL();
  } catch (const PkiFileNotFound&) {
    FAIL() << "empty key reported as missing";
  } catch (const PkiError& e) {
    EXPECT_TRUE(contains(e.what(), key_path.string())) << e.what();
  }
  key_.write_pem_file(key_path);
  const auto pair = CertificateKeyPair::load_files(cert_path, key_path);
  EXPECT_TRUE(pair.leaf().matches_key(key_));
}

TEST_F(PkiCertificate, PairAcceptsTraditionalKeyFormats) {
  const PrivateKey rsa = PrivateKey::generate_rsa();
  const auto issued = ca_->issue_client_certificate(make_csr_pem(rsa), "rsa.test.mon.ntppool.dev");
  rsa.write_pem_file(dir_ / "rsa8.pem");
  const auto r = run("openssl pkey -in " + (dir_ / "rsa8.pem").string() + " -traditional");
  ASSERT_EQ(r.exit_status, 0) << r.output;
  ASSERT_TRUE(contains(r.output, "BEGIN RSA PRIVATE KEY")) << r.output;
  EXPECT_NO_THROW(CertificateKeyPair::from_pem(issued.certificate_pem, r.output));
}

}  // namespace
}  // namespace ntpmon::pki
