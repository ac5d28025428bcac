#pragma once
// The server's own TLS certificate and key, reloaded when either file changes (a renewed
// certificate is used by the next handshake, no restart).

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "file_stamp.h"
#include "log/logger.h"
#include "pki/certificate_holder.h"

namespace ntpmon::monitor_api {

class ServerCertificate {
 public:
  // Loads both files; throws pki::PkiError naming the file that is missing or bad.
  ServerCertificate(std::filesystem::path cert_path, std::filesystem::path key_path, log::Logger logger);

  std::shared_ptr<const pki::CertificateHolder> holder() const { return holder_; }
  // The first DNS (or IP) name of the certificate, for URLs.
  std::string first_name() const;

  // Re-reads the files when one changed; keeps the current pair when the new one is bad.
  void reload_if_changed();

 private:
  std::filesystem::path cert_path_;
  std::filesystem::path key_path_;
  log::Logger logger_;
  std::shared_ptr<pki::CertificateHolder> holder_;
  std::optional<FileStamp> cert_stamp_;
  std::optional<FileStamp> key_stamp_;
};

}  // namespace ntpmon::monitor_api
