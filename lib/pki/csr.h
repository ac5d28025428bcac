#pragma once
// Certificate signing requests: the agent builds one from its key; the API parses and
// validates what an agent posted before the CA certifies the key in it.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pki/key.h"

namespace ntpmon::pki {

namespace detail {
struct Access;
}

inline constexpr std::size_t kMaxCsrPemBytes = 64 * 1024;

struct CsrOptions {
  std::string common_name;             // subject CN; no subject when empty
  std::vector<std::string> dns_names;  // subjectAltName DNS entries; none when empty
};

// A PEM "CERTIFICATE REQUEST" signed by `key`. Throws PkiError for an invalid DNS name.
std::string make_csr_pem(const PrivateKey& key, const CsrOptions& options = {});

class CertificateRequest {
 public:
  // Parses and validates a PEM CSR: at most kMaxCsrPemBytes, the first PEM block is a
  // CERTIFICATE REQUEST, well-formed DER with nothing after it, an acceptable public key
  // (RSA >= 2048 bits, EC P-256/P-384, Ed25519) and a signature that verifies with it.
  // Throws PkiError saying which check failed.
  static CertificateRequest parse(std::string_view pem);

  std::string subject_cn() const;
  std::vector<std::string> dns_names() const;
  KeyAlgorithm key_algorithm() const;
  std::string key_description() const;  // "EC P-256", "RSA 2048", ...
  std::string to_pem() const;

  struct Impl;

 private:
  explicit CertificateRequest(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  friend struct detail::Access;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace ntpmon::pki
