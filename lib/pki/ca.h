#pragma once
// The in-process certificate authority of monitor-api: a CA key and self-signed certificate
// in a directory (ca.key 0600, ca.pem), client certificates issued from agents' CSRs, and the
// API's own TLS server certificate.
//
// Issuing is const and may run on several threads at once.

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "pki/certificate.h"
#include "pki/key.h"

namespace ntpmon::pki {

inline constexpr std::chrono::seconds kDefaultCaLifetime = std::chrono::days{3653};  // 10 years
inline constexpr std::chrono::seconds kDefaultClientCertificateLifetime = std::chrono::days{30};
inline constexpr std::chrono::seconds kDefaultServerCertificateLifetime = std::chrono::days{365};
// notBefore is set this far in the past so that peers with slightly slow clocks accept a
// fresh certificate.
inline constexpr std::chrono::seconds kClockSkewAllowance = std::chrono::minutes{5};

inline constexpr const char* kCaKeyFileName = "ca.key";
inline constexpr const char* kCaCertificateFileName = "ca.pem";

struct CaOptions {
  std::string common_name = "ntpmon monitor CA";
  std::string organization;  // subject O; omitted when empty
  KeyAlgorithm key_algorithm = KeyAlgorithm::kEcP384;
  std::chrono::seconds lifetime = kDefaultCaLifetime;
  bool force = false;  // replace an existing CA in the directory
};

// What the API stores about a certificate it issued.
struct IssuedCertificate {
  std::string certificate_pem;  // the leaf only (the CA certificate is the trust anchor)
  std::string serial_hex;       // as Certificate::serial_hex()
  std::chrono::sys_seconds not_before;
  std::chrono::sys_seconds not_after;
};

struct ServerCertificate {
  IssuedCertificate certificate;
  PrivateKey key;

  // Writes both atomically: the certificate (mode 0644), then the key (mode 0600).
  void write_files(const std::filesystem::path& cert_path,
                   const std::filesystem::path& key_path) const;
};

class CertificateAuthority {
 public:
  // Throws PkiError unless `certificate` is a CA certificate whose public key is `key`'s.
  CertificateAuthority(Certificate certificate, PrivateKey key);

  // Creates `dir` if needed (mode 0700), generates the CA key and a self-signed certificate
  // (CA:TRUE pathlen 0, keyCertSign + cRLSign, subject from options) and writes ca.key
  // (0600) and ca.pem. Refuses (PkiError) when either file exists, unless options.force.
  static CertificateAuthority init(const std::filesystem::path& dir, const CaOptions& options = {});
  // Reads dir/ca.pem and dir/ca.key. Errors name the missing or unreadable file
  // (PkiFileNotFound when missing) and say when the key does not match the certificate.
  static CertificateAuthority load(const std::filesystem::path& dir);
  // Whether ca.key or ca.pem exists in `dir`.
  static bool exists(const std::filesystem::path& dir);

  const Certificate& certificate() const { return certificate_; }
  // The CA certificate as PEM: the bundle agents trust.
  std::string certificate_pem() const { return certificate_.to_pem(); }

  // Certifies the key of a validated CSR (see CertificateRequest::parse) for `tls_name`,
  // ignoring the CSR's subject and extensions: subject CN = tls_name, SAN DNS:tls_name, EKU
  // clientAuth + serverAuth, keyUsage digitalSignature (+keyEncipherment for RSA), CA:FALSE,
  // random 128-bit serial, notBefore = now − 5 min, notAfter = now + lifetime (capped at the
  // CA's own notAfter), subject and authority key identifiers.
  IssuedCertificate issue_client_certificate(
      std::string_view csr_pem, const std::string& tls_name,
      std::chrono::seconds lifetime = kDefaultClientCertificateLifetime) const;

  // A TLS server certificate with a locally generated key: SAN DNS entries for host names,
  // IP entries for IP literals ("127.0.0.1", "::1"), CN = the first name, EKU serverAuth.
  ServerCertificate issue_server_certificate(
      const std::vector<std::string>& hostnames,
      std::chrono::seconds lifetime = kDefaultServerCertificateLifetime,
      KeyAlgorithm key_algorithm = KeyAlgorithm::kEcP256) const;

 private:
  Certificate certificate_;
  PrivateKey key_;
};

}  // namespace ntpmon::pki
