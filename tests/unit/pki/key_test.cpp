// Private keys: generation, PEM round trips (PKCS#8 out; PKCS#8, PKCS#1, SEC1 in), key files.

#include "pki/key.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "pki/error.h"
#include "pki/file_io.h"
#include "test_util.h"

namespace ntpmon::pki {
namespace {

using testing::contains;
using testing::run;
using testing::TempDir;

struct GenerateCase {
  KeyAlgorithm algorithm;
  int bits;
  const char* description;
};

class PkiKeyGenerate : public ::testing::TestWithParam<GenerateCase> {};

TEST_P(PkiKeyGenerate, RoundTripsThroughPkcs8Pem) {
  const auto& c = GetParam();
  const PrivateKey key = PrivateKey::generate(c.algorithm);
  EXPECT_EQ(key.algorithm(), c.algorithm);
  EXPECT_EQ(key.bits(), c.bits);
  EXPECT_EQ(key.description(), c.description);

  const std::string pem = key.to_pem();
  EXPECT_EQ(pem.rfind("-----BEGIN PRIVATE KEY-----\n", 0), 0u) << pem;
  const PrivateKey back = PrivateKey::from_pem(pem);
  EXPECT_TRUE(back.same_public_key(key));
  EXPECT_EQ(back.to_pem(), pem);
  EXPECT_EQ(back.public_key_pem(), key.public_key_pem());
}

INSTANTIATE_TEST_SUITE_P(Algorithms, PkiKeyGenerate,
                         ::testing::Values(GenerateCase{KeyAlgorithm::kEcP256, 256, "EC P-256"},
                                           GenerateCase{KeyAlgorithm::kEcP384, 384, "EC P-384"},
                                           GenerateCase{KeyAlgorithm::kRsa, 2048, "RSA 2048"},
                                           GenerateCase{KeyAlgorithm::kEd25519, 256, "Ed25519"}),
                         [](const ::testing::TestParamInfo<GenerateCase>& info) {
                           std::string name = info.param.description;
                           name.erase(std::remove_if(name.begin(), name.end(),
                                                     [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }),
                                      name.end());
                           return name;
                         });

TEST(PkiKey, DefaultIsEcP256AndKeysDiffer) {
  const PrivateKey a = PrivateKey::generate();
  const PrivateKey b = PrivateKey::generate_ec_p256();
  EXPECT_EQ(a.algorithm(), KeyAlgorithm::kEcP256);
  EXPECT_FALSE(a.same_public_key(b));
}

TEST(PkiKey, RefusesSmallRsa) {
  try {
    PrivateKey::generate_rsa(1024);
    FAIL() << "1024-bit RSA accepted";
  } catch (const PkiError& e) {
    EXPECT_TRUE(contains(e.what(), "1024")) << e.what();
  }
}

TEST(PkiKey, ReadsPkcs1RsaKeyFromOpensslTool) {
  TempDir dir;
  const auto path = dir / "rsa.pem";
  ASSERT_EQ(run("openssl genrsa -traditional -out " + path.string() + " 2048").exit_status, 0);
  const std::string pem = testing::read_text(path);
  ASSERT_TRUE(contains(pem, "-----BEGIN RSA PRIVATE KEY-----")) << pem;

  const PrivateKey key = PrivateKey::from_pem(pem);
  EXPECT_EQ(key.algorithm(), KeyAlgorithm::kRsa);
  EXPECT_EQ(key.bits(), 2048);
  const auto pub = run("openssl pkey -in " + path.string() + " -pubout");
  ASSERT_EQ(pub.exit_status, 0) << pub.output;
  EXPECT_EQ(key.public_key_pem(), pub.output);
}

TEST(PkiKey, ReadsSec1EcKeyFromOpensslTool) {
  TempDir dir;
  const auto path = dir / "ec.pem";
  ASSERT_EQ(run("openssl ecparam -name prime256v1 -genkey -noout -out " + path.string()).exit_status, 0);
  const std::string pem = testing::read_text(path);
  ASSERT_TRUE(contains(pem, "-----BEGIN EC PRIVATE KEY-----")) << pem;

  const PrivateKey key = PrivateKey::from_pem(pem);
  EXPECT_EQ(key.algorithm(), KeyAlgorithm::kEcP256);
  const auto pub = run("openssl pkey -in " + path.string() + " -pubout");
  ASSERT_EQ(pub.exit_status, 0) << pub.output;
  EXPECT_EQ(key.public_key_pem(), pub.output);
}

TEST(PkiKey, OpensslToolReadsOurPkcs8) {
  TempDir dir;
  const PrivateKey key = PrivateKey::generate();
  key.write_pem_file(dir / "k.pem");
  const auto pub = run("openssl pkey -in " + (dir / "k.pem").string() + " -pubout");
  ASSERT_EQ(pub.exit_status, 0) << pub.output;
  EXPECT_EQ(pub.output, key.public_key_pem());
}

TEST(PkiKey, RejectsGarbageAndNonKeys) {
  for (const std::string& bad :
       {std::string(), std::string("garbage"),
        std::string("-----BEGIN PRIVATE KEY-----\nnot base64!!\n-----END PRIVATE KEY-----\n"),
        PrivateKey::generate().public_key_pem()}) {
    try {
      PrivateKey::from_pem(bad);
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const PkiError& e) {
      EXPECT_TRUE(contains(e.what(), "cannot decode private key PEM")) << e.what();
    }
  }
}

TEST(PkiKey, RejectsEncryptedKeyWithoutPrompting) {
  TempDir dir;
  const auto plain = dir / "plain.pem";
  const auto enc = dir / "enc.pem";
  PrivateKey::generate().write_pem_file(plain);
  ASSERT_EQ(run("openssl pkey -in " + plain.string() + " -aes256 -passout pass:secret -out " +
                enc.string())
                .exit_status,
            0);
  EXPECT_THROW(PrivateKey::read_pem_file(enc), PkiError);
}

TEST(PkiKey, WritesKeyFileAtomicallyWithMode0600) {
  TempDir dir;
  const auto path = dir / "key.pem";
  testing::write_text(path, "old contents");
  ::chmod(path.c_str(), 0644);

  const PrivateKey key = PrivateKey::generate();
  key.write_pem_file(path);
  EXPECT_EQ(testing::file_mode(path), 0600u);
  EXPECT_EQ(testing::read_text(path), key.to_pem());
  EXPECT_TRUE(PrivateKey::read_pem_file(path).same_public_key(key));
  // No temporary file is left behind.
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) ++files;
  EXPECT_EQ(files, 1);
}

TEST(PkiKey, WriteFailsClearlyWhenDirectoryIsMissing) {
  TempDir dir;
  const auto path = dir / "missing" / "key.pem";
  try {
    PrivateKey::generate().write_pem_file(path);
    FAIL() << "wrote into a missing directory";
  } catch (const PkiError& e) {
    EXPECT_TRUE(contains(e.what(), path.string())) << e.what();
    EXPECT_TRUE(contains(e.what(), "does not exist")) << e.what();
  }
}

TEST(PkiKey, ReadingMissingFileIsNotFound) {
  TempDir dir;
  try {
    PrivateKey::read_pem_file(dir / "nope.pem");
    FAIL();
  } catch (const PkiFileNotFound& e) {
    EXPECT_EQ(e.path(), dir / "nope.pem");
    EXPECT_TRUE(contains(e.what(), "nope.pem")) << e.what();
  }
}

TEST(PkiKey, ReadingGarbageFileNamesTheFile) {
  TempDir dir;
  testing::write_text(dir / "bad.pem", "junk");
  try {
    PrivateKey::read_pem_file(dir / "bad.pem");
    FAIL();
  } catch (const PkiFileNotFound&) {
    FAIL() << "garbage reported as missing";
  } catch (const PkiError& e) {
    EXPECT_TRUE(contains(e.what(), (dir / "bad.pem").string())) << e.what();
  }
}

TEST(PkiFileIo, RefusesOversizedFile) {
  TempDir dir;
  testing::write_text(dir / "big", std::string(2000, 'x'));
  EXPECT_THROW(read_file(dir / "big", 1000), PkiError);
  EXPECT_EQ(read_file(dir / "big", 2000).size(), 2000u);
}

TEST(PkiFileIo, WriteAtomicSetsRequestedMode) {
  TempDir dir;
  write_file_atomic(dir / "cert.pem", "abc", kCertificateFileMode);
  EXPECT_EQ(testing::file_mode(dir / "cert.pem"), 0644u);
  EXPECT_EQ(read_file(dir / "cert.pem"), "abc");
}

}  // namespace
}  // namespace ntpmon::pki
