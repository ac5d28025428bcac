#pragma once
// Internal: the steps of building and signing an X.509 v3 certificate.

#include <chrono>

#include "pki/detail/ossl.h"

namespace ntpmon::pki::detail {

// A random positive 128-bit serial number (never zero).
Asn1IntegerPtr random_serial();

struct CertificateTemplate {
  EVP_PKEY* subject_key = nullptr;          // public key to certify
  const X509_NAME* subject = nullptr;
  const X509_NAME* issuer = nullptr;        // same as subject for self-signed
  std::chrono::sys_seconds not_before{};
  std::chrono::sys_seconds not_after{};
};

// A v3 certificate with serial, names, validity and public key set; no extensions yet.
X509Ptr new_certificate(const CertificateTemplate& t);

// Adds one extension from OpenSSL's configuration syntax (constant strings only, never
// request data): e.g. (NID_basic_constraints, "critical,CA:FALSE"). `issuer` supplies the
// authority key id; pass `cert` itself when self-signed.
void add_extension(X509* cert, X509* issuer, int nid, const char* value);

// Adds subjectAltName (non-critical).
void add_subject_alt_name(X509* cert, GENERAL_NAMES* names);

// Signs with the digest that suits the key (see signing_digest).
void sign_certificate(X509* cert, EVP_PKEY* issuer_key);

// X509_NAME with CN (and O when non-empty).
X509NamePtr make_name(const std::string& common_name, const std::string& organization = {});

}  // namespace ntpmon::pki::detail
