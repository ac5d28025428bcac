#pragma once
// Path validation of a certificate chain against a set of trust anchors (X509_verify_cert).

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "pki/certificate.h"

namespace ntpmon::pki {

// The extended key usage the leaf must allow. A leaf with an EKU list must contain the
// purpose (or anyExtendedKeyUsage); a leaf without an EKU extension passes.
enum class CertificatePurpose {
  kAny,        // no EKU requirement
  kTlsClient,  // clientAuth ("sslclient")
  kTlsServer,  // serverAuth ("sslserver"); Go's default check of client certificates
};

struct VerifyResult {
  bool ok = false;
  std::string error;  // OpenSSL's verification error and the depth it occurred at, when !ok
  explicit operator bool() const { return ok; }
};

// Verifies chain[0] (the leaf) using chain[1..] as untrusted intermediates up to one of
// `trust_anchors`, at time `at` (default: now). No revocation checking.
VerifyResult verify_certificate_chain(const std::vector<Certificate>& chain,
                                      const std::vector<Certificate>& trust_anchors,
                                      CertificatePurpose purpose,
                                      std::optional<std::chrono::system_clock::time_point> at = {});

}  // namespace ntpmon::pki
