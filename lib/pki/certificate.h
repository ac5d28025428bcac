#pragma once
// X.509 certificates: parsing PEM (a chain, leaf first), the fields the monitor cares about,
// and whether a key belongs to a certificate. A Certificate is an immutable, cheaply
// copyable handle.

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ntpmon::pki {

namespace detail {
struct Access;
}
class PrivateKey;

struct CertificateInfo {
  std::chrono::sys_seconds not_before;
  std::chrono::sys_seconds not_after;
  std::string serial_hex;        // lowercase hex, whole bytes, no sign: "0a3f..."
  std::string subject_cn;        // empty when the subject has no CN
  std::string issuer_cn;
  std::vector<std::string> dns_names;     // subjectAltName DNS entries, in order
  std::vector<std::string> ip_addresses;  // subjectAltName IP entries ("127.0.0.1", "::1")
  bool is_ca = false;                     // basicConstraints CA:TRUE
};

class Certificate {
 public:
  // The first certificate in `pem`. Throws PkiError when there is none or it is malformed.
  static Certificate from_pem(std::string_view pem);

  std::string to_pem() const;

  std::chrono::sys_seconds not_before() const;
  std::chrono::sys_seconds not_after() const;
  std::string serial_hex() const;
  std::string subject_cn() const;
  std::vector<std::string> dns_names() const;
  CertificateInfo info() const;

  // True when `key` is the private half of this certificate's public key.
  bool matches_key(const PrivateKey& key) const;
  // Same DER encoding.
  bool same_as(const Certificate& other) const;

  struct Impl;

 private:
  explicit Certificate(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  friend struct detail::Access;
  std::shared_ptr<const Impl> impl_;
};

// Every certificate in `pem`, in order (the leaf first when it is a chain). Text around the
// PEM blocks and blocks of other types are ignored. Throws PkiError when there is no
// certificate or one is malformed.
std::vector<Certificate> parse_certificate_chain(std::string_view pem);
// parse_certificate_chain(read_file(path)); errors name the file, PkiFileNotFound if missing.
std::vector<Certificate> read_certificate_chain_file(const std::filesystem::path& path);
// The certificates as concatenated PEM.
std::string to_pem(const std::vector<Certificate>& chain);

}  // namespace ntpmon::pki
