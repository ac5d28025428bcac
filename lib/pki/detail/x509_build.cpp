#include "pki/detail/x509_build.h"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <string>

#include "pki/detail/key_util.h"
#include "pki/detail/openssl_error.h"
#include "pki/detail/x509_util.h"

namespace ntpmon::pki::detail {

Asn1IntegerPtr random_serial() {
  std::array<unsigned char, 16> bytes{};
  do {
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
      throw_openssl_error("cannot generate a random serial number");
    }
  } while (std::all_of(bytes.begin(), bytes.end(), [](unsigned char b) { return b == 0; }));
  // Unsigned big-endian bytes → non-negative BIGNUM → positive INTEGER (DER adds a leading
  // zero octet when the top bit is set, 17 octets at most, within RFC 5280's 20).
  BignumPtr bn(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
  if (!bn) throw_openssl_error("cannot convert the serial number");
  Asn1IntegerPtr serial(BN_to_ASN1_INTEGER(bn.get(), nullptr));
  if (!serial) throw_openssl_error("cannot encode the serial number");
  return serial;
}

X509Ptr new_certificate(const CertificateTemplate& t) {
  X509Ptr cert(X509_new());
  if (!cert) throw_openssl_error("cannot allocate a certificate");
  auto serial = random_serial();
  if (X509_set_version(cert.get(), X509_VERSION_3) != 1 ||
      X509_set_serialNumber(cert.get(), serial.get()) != 1 ||
      X509_set_subject_name(cert.get(), t.subject) != 1 ||
      X509_set_issuer_name(cert.get(), t.issuer) != 1 ||
      X509_set_pubkey(cert.get(), t.subject_key) != 1) {
    throw_openssl_error("cannot fill in the certificate");
  }
  set_asn1_time(X509_getm_notBefore(cert.get()), t.not_before);
  set_asn1_time(X509_getm_notAfter(cert.get()), t.not_after);
  return cert;
}

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509ExtensionPtr ext(X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) {
    throw_openssl_error(std::string("cannot add certificate extension ") + OBJ_nid2sn(nid) + "=" + value);
  }
}

void add_subject_alt_name(X509* cert, GENERAL_NAMES* names) {
  X509ExtensionPtr ext(X509V3_EXT_i2d(NID_subject_alt_name, 0, names));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) {
    throw_openssl_error("cannot add certificate subjectAltName");
  }
}

void sign_certificate(X509* cert, EVP_PKEY* issuer_key) {
  if (X509_sign(cert, issuer_key, signing_digest(issuer_key)) <= 0) {
    throw_openssl_error("cannot sign the certificate with the " + describe_key(issuer_key) + " key");
  }
}

X509NamePtr make_name(const std::string& common_name, const std::string& organization) {
  X509NamePtr name(X509_NAME_new());
  if (!name) throw_openssl_error("cannot allocate a name");
  auto add = [&](int nid, const std::string& value) {
    if (X509_NAME_add_entry_by_NID(name.get(), nid, MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(value.data()),
                                   static_cast<int>(value.size()), -1, 0) != 1) {
      throw_openssl_error(std::string("cannot set ") + OBJ_nid2sn(nid) + "='" + value + "'");
    }
  };
  if (!organization.empty()) add(NID_organizationName, organization);
  add(NID_commonName, common_name);
  return name;
}

}  // namespace ntpmon::pki::detail
