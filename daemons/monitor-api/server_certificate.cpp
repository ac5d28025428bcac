#include "server_certificate.h"

#include "pki/key_pair.h"

namespace ntpmon::monitor_api {

ServerCertificate::ServerCertificate(std::filesystem::path cert_path, std::filesystem::path key_path, log::Logger logger)
    : cert_path_(std::move(cert_path)),
      key_path_(std::move(key_path)),
      logger_(std::move(logger)),
      holder_(std::make_shared<pki::CertificateHolder>()) {
  cert_stamp_ = stamp_of(cert_path_);
  key_stamp_ = stamp_of(key_path_);
  holder_->set(pki::CertificateKeyPair::load_files(cert_path_, key_path_));
}

std::string ServerCertificate::first_name() const {
  auto pair = holder_->current();
  if (!pair) return "localhost";
  auto info = pair->leaf().info();
  if (!info.dns_names.empty()) return info.dns_names.front();
  if (!info.ip_addresses.empty()) {
    const auto& ip = info.ip_addresses.front();
    return ip.find(':') != std::string::npos ? "[" + ip + "]" : ip;
  }
  return info.subject_cn.empty() ? "localhost" : info.subject_cn;
}

void ServerCertificate::reload_if_changed() {
  auto cert = stamp_of(cert_path_);
  auto key = stamp_of(key_path_);
  if (cert == cert_stamp_ && key == key_stamp_) return;
  cert_stamp_ = cert;
  key_stamp_ = key;
  try {
    auto pair = pki::CertificateKeyPair::load_files(cert_path_, key_path_);
    auto not_after = pair.leaf().not_after();
    holder_->set(std::move(pair));
    logger_.info("reloaded the server certificate",
                 {{"cert", cert_path_.string()}, {"not_after", std::chrono::system_clock::to_time_t(not_after)}});
  } catch (const std::exception& e) {
    // Often a half-written pair (certificate replaced, key not yet): the next change retries.
    logger_.warn("cannot reload the server certificate; keeping the current one",
                 {{"cert", cert_path_.string()}, {"error", e}});
  }
}

}  // namespace ntpmon::monitor_api
