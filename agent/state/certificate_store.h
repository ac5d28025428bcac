#pragma once
// The agent's TLS identity on disk and in memory (spec/agent.md §8, project decision
// "Certificates"): key.pem (the agent's own private key, mode 0600, generated here and never
// sent anywhere), cert.pem (the certificate the API issued for a CSR of that key), and the
// CertificateHolder every TLS client context presents, so that a renewed certificate is used
// by the next handshake without a restart. Thread-safe.

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "pki/certificate_holder.h"
#include "pki/key.h"
#include "pki/validity.h"

namespace ntpmon::agent {

inline constexpr const char* kCertificateFileName = "cert.pem";
inline constexpr const char* kPrivateKeyFileName = "key.pem";

class CertificateStore {
 public:
  explicit CertificateStore(std::filesystem::path dir);

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path cert_path() const { return dir_ / kCertificateFileName; }
  std::filesystem::path key_path() const { return dir_ / kPrivateKeyFileName; }

  // §8.1 SaveCertificates: cert.pem (0644) then key.pem (0600), atomically; does not change
  // what is loaded. Throws std::runtime_error naming the file.
  void save(std::string_view cert_pem, std::string_view key_pem) const;
  // cert.pem only (the key is already on disk: it signed the CSR).
  void save_certificate(std::string_view cert_pem) const;

  enum class LoadResult { loaded_same, loaded_new, not_found };
  // §8.2: reads and parses the pair from disk and installs it. not_found (nothing changes)
  // when either file is missing; throws std::runtime_error for anything else (garbage, empty
  // files, a key that does not match), leaving the installed certificate unchanged.
  // loaded_new when the certificate differs from the one installed before (an addition or a
  // replacement: both notify, decision A7).
  LoadResult load();
  // Installs a pair directly (a freshly issued certificate, §21 A8); true when it differs.
  bool install(std::string_view cert_pem, std::string_view key_pem);

  // The private key in key.pem, or a new EC P-256 key written there (0600) when key.pem is
  // missing or unusable. Throws std::runtime_error when it cannot be written.
  pki::PrivateKey ensure_private_key() const;

  bool have_certificate() const { return holder_->has_certificate(); }
  // notBefore/notAfter of the installed leaf; nullopt without a certificate (§8.4 "no
  // certificate").
  std::optional<pki::CertificateDates> dates() const;
  pki::ValidityCheck validity(std::chrono::system_clock::time_point now = std::chrono::system_clock::now()) const;
  // Installed and not past notAfter (usable for TLS, even if renewal is due).
  bool usable(std::chrono::system_clock::time_point now = std::chrono::system_clock::now()) const;

  std::shared_ptr<const pki::CertificateHolder> holder() const { return holder_; }

 private:
  bool install_pair(pki::CertificateKeyPair pair);

  std::filesystem::path dir_;
  std::shared_ptr<pki::CertificateHolder> holder_;
};

}  // namespace ntpmon::agent
