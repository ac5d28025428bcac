// CSRs: building one from a key, parsing and validating what a client posted.

#include "pki/csr.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "pki/ca.h"
#include "pki/error.h"
#include "test_util.h"

namespace ntpmon::pki {
namespace {

using testing::contains;
using testing::run;
using testing::TempDir;

// Decodes the first PEM block, lets `edit` change the DER bytes, and re-encodes it.
std::string edit_pem_der(const std::string& pem, void (*edit)(std::string& der)) {
  std::unique_ptr<BIO, decltype(&BIO_free)> in(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
                                               &BIO_free);
  char* name = nullptr;
  char* header = nullptr;
  unsigned char* data = nullptr;
  long len = 0;
  if (PEM_read_bio(in.get(), &name, &header, &data, &len) != 1) throw std::runtime_error("bad PEM");
  std::string der(reinterpret_cast<char*>(data), static_cast<std::size_t>(len));
  std::string block_name = name;
  OPENSSL_free(name);
  OPENSSL_free(header);
  OPENSSL_free(data);
  edit(der);
  std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), &BIO_free);
  PEM_write_bio(out.get(), block_name.c_str(), "",
                reinterpret_cast<const unsigned char*>(der.data()), static_cast<long>(der.size()));
  char* p = nullptr;
  const long n = BIO_get_mem_data(out.get(), &p);
  return std::string(p, static_cast<std::size_t>(n));
}

std::string openssl_csr(const std::string& newkey_args) {
  TempDir dir;
  const auto path = dir / "req.pem";
  const auto r = run("openssl req -new -subj /CN=x.example " + newkey_args + " -nodes -keyout " +
                     (dir / "key.pem").string() + " -out " + path.string());
  if (r.exit_status != 0) throw std::runtime_error("openssl req failed: " + r.output);
  return testing::read_text(path);
}

void expect_rejected(const std::string& pem, const std::string& expected_message) {
  try {
    CertificateRequest::parse(pem);
    ADD_FAILURE() << "CSR accepted; expected rejection with '" << expected_message << "'";
  } catch (const PkiError& e) {
    EXPECT_TRUE(contains(e.what(), "CSR rejected")) << e.what();
    EXPECT_TRUE(contains(e.what(), expected_message)) << e.what();
  }
}

TEST(PkiCsr, RoundTripWithSubjectAndSan) {
  const PrivateKey key = PrivateKey::generate();
  const std::string pem =
      make_csr_pem(key, {"mon1.test.mon.ntppool.dev", {"mon1.test.mon.ntppool.dev", "alt.example"}});
  EXPECT_EQ(pem.rfind("-----BEGIN CERTIFICATE REQUEST-----\n", 0), 0u);

  const CertificateRequest csr = CertificateRequest::parse(pem);
  EXPECT_EQ(csr.subject_cn(), "mon1.test.mon.ntppool.dev");
  EXPECT_EQ(csr.dns_names(),
            (std::vector<std::string>{"mon1.test.mon.ntppool.dev", "alt.example"}));
  EXPECT_EQ(csr.key_algorithm(), KeyAlgorithm::kEcP256);
  EXPECT_EQ(csr.key_description(), "EC P-256");
  EXPECT_EQ(csr.to_pem(), pem);
}

TEST(PkiCsr, OpensslToolVerifiesOurCsr) {
  TempDir dir;
  testing::write_text(dir / "req.pem", make_csr_pem(PrivateKey::generate(), {"a.example", {"a.example"}}));
  const auto r = run("openssl req -in " + (dir / "req.pem").string() + " -verify -noout -text");
  ASSERT_EQ(r.exit_status, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "verify OK") || contains(r.output, "Certificate request self-signature verify OK"))
      << r.output;
  EXPECT_TRUE(contains(r.output, "DNS:a.example")) << r.output;
}

TEST(PkiCsr, WithoutSubjectOrSan) {
  const CertificateRequest csr = CertificateRequest::parse(make_csr_pem(PrivateKey::generate()));
  EXPECT_EQ(csr.subject_cn(), "");
  EXPECT_TRUE(csr.dns_names().empty());
}

TEST(PkiCsr, RefusesToBuildWithInvalidDnsName) {
  const PrivateKey key = PrivateKey::generate();
  for (const char* bad : {"", "a,DNS:evil.example", "*.example", "-a.example", "a..b", "a b"}) {
    EXPECT_THROW(make_csr_pem(key, {"", {bad}}), PkiError) << bad;
  }
}

class PkiCsrAcceptedKey : public ::testing::TestWithParam<KeyAlgorithm> {};

TEST_P(PkiCsrAcceptedKey, IsAccepted) {
  const CertificateRequest csr =
      CertificateRequest::parse(make_csr_pem(PrivateKey::generate(GetParam()), {"k.example", {}}));
  EXPECT_EQ(csr.key_algorithm(), GetParam());
}

INSTANTIATE_TEST_SUITE_P(Keys, PkiCsrAcceptedKey,
                         ::testing::Values(KeyAlgorithm::kEcP256, KeyAlgorithm::kEcP384,
                                           KeyAlgorithm::kRsa, KeyAlgorithm::kEd25519));

TEST(PkiCsr, AcceptsRsa3072FromOpensslTool) {
  const CertificateRequest csr = CertificateRequest::parse(openssl_csr("-newkey rsa:3072"));
  EXPECT_EQ(csr.key_description(), "RSA 3072");
  EXPECT_EQ(csr.subject_cn(), "x.example");
}

TEST(PkiCsr, AcceptsLegacyNewCertificateRequestLabel) {
  std::string pem = make_csr_pem(PrivateKey::generate());
  auto replace_all = [&](const std::string& from, const std::string& to) {
    for (std::size_t pos = 0; (pos = pem.find(from, pos)) != std::string::npos; pos += to.size()) {
      pem.replace(pos, from.size(), to);
    }
  };
  replace_all("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");
  EXPECT_NO_THROW(CertificateRequest::parse(pem));
}

TEST(PkiCsrReject, Garbage) {
  expect_rejected("", "no PEM block");
  expect_rejected("this is not a CSR", "no PEM block");
}

TEST(PkiCsrReject, WrongPemType) {
  const PrivateKey key = PrivateKey::generate();
  expect_rejected(key.to_pem(), "expected a PEM CERTIFICATE REQUEST, found a PEM PRIVATE KEY");
  expect_rejected(key.public_key_pem(), "found a PEM PUBLIC KEY");
  TempDir dir;
  const auto ca = CertificateAuthority::init(dir.path());
  expect_rejected(ca.certificate_pem(), "found a PEM CERTIFICATE");
}

TEST(PkiCsrReject, OverSizeLimit) {
  const std::string csr = make_csr_pem(PrivateKey::generate());
  // Explanatory text before a PEM block is legal; pad to exactly the limit, then one more.
  const std::string at_limit = std::string(kMaxCsrPemBytes - csr.size() - 1, 'x') + "\n" + csr;
  ASSERT_EQ(at_limit.size(), kMaxCsrPemBytes);
  EXPECT_NO_THROW(CertificateRequest::parse(at_limit));
  expect_rejected("x" + at_limit, "65537 bytes is more than the limit of 65536");
}

TEST(PkiCsrReject, BadSignature) {
  const std::string good = make_csr_pem(PrivateKey::generate(), {"sig-test.example", {}});
  ASSERT_NO_THROW(CertificateRequest::parse(good));
  // Change one character of the subject CN inside the signed part.
  const std::string tampered = edit_pem_der(good, [](std::string& der) {
    const auto pos = der.find("sig-test");
    ASSERT_NE(pos, std::string::npos);
    der[pos + 2] = 'h';
  });
  ASSERT_NE(tampered, good);
  expect_rejected(tampered, "signature does not verify");
}

TEST(PkiCsrReject, BadSignatureRsa) {
  const std::string good = make_csr_pem(PrivateKey::generate_rsa(), {"sig-test.example", {}});
  // Flip a bit in the last byte of the signature.
  const std::string tampered = edit_pem_der(good, [](std::string& der) { der.back() ^= 0x01; });
  expect_rejected(tampered, "signature does not verify");
}

TEST(PkiCsrReject, MalformedDer) {
  expect_rejected("-----BEGIN CERTIFICATE REQUEST-----\nAAAAAAAAAAAA\n-----END CERTIFICATE REQUEST-----\n",
                  "malformed DER");
}

TEST(PkiCsrReject, TrailingBytesAfterDer) {
  const std::string good = make_csr_pem(PrivateKey::generate());
  expect_rejected(edit_pem_der(good, [](std::string& der) { der += "junk"; }), "4 unexpected bytes");
}

TEST(PkiCsrReject, SmallRsaKey) {
  expect_rejected(openssl_csr("-newkey rsa:1024"), "RSA 1024 is not acceptable");
}

TEST(PkiCsrReject, UnsupportedCurve) {
  expect_rejected(openssl_csr("-newkey ec -pkeyopt ec_paramgen_curve:secp256k1"),
                  "is not acceptable");
}

TEST(PkiCsrReject, UnsupportedAlgorithm) {
  expect_rejected(openssl_csr("-newkey ed448"), "ED448");
}

}  // namespace
}  // namespace ntpmon::pki
