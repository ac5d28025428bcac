#include "pki/ca.h"

#include <sys/stat.h>

#include <algorithm>
#include <system_error>

#include "pki/csr.h"
#include "pki/detail/access.h"
#include "pki/detail/general_names.h"
#include "pki/detail/key_util.h"
#include "pki/detail/openssl_error.h"
#include "pki/detail/x509_build.h"
#include "pki/error.h"
#include "pki/file_io.h"

namespace ntpmon::pki {
namespace {

namespace fs = std::filesystem;
using detail::Access;

std::chrono::sys_seconds now_seconds() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

void require_positive(std::chrono::seconds lifetime, std::string_view what) {
  if (lifetime <= std::chrono::seconds::zero()) {
    throw PkiError(std::string(what) + " lifetime must be positive, got " +
                   std::to_string(lifetime.count()) + " s");
  }
}

// The extensions every end-entity certificate gets (everything but the SAN and EKU).
void add_leaf_extensions(X509* cert, X509* ca_cert, KeyAlgorithm subject_algorithm) {
  detail::add_extension(cert, ca_cert, NID_basic_constraints, "critical,CA:FALSE");
  detail::add_extension(cert, ca_cert, NID_key_usage,
                        subject_algorithm == KeyAlgorithm::kRsa
                            ? "critical,digitalSignature,keyEncipherment"
                            : "critical,digitalSignature");
  detail::add_extension(cert, ca_cert, NID_subject_key_identifier, "hash");
  if (X509_get0_subject_key_id(ca_cert) != nullptr) {
    detail::add_extension(cert, ca_cert, NID_authority_key_identifier, "keyid:always");
  }
}

IssuedCertificate make_record(X509* cert) {
  const Certificate c = Access::share(cert);
  return IssuedCertificate{c.to_pem(), c.serial_hex(), c.not_before(), c.not_after()};
}

}  // namespace

void ServerCertificate::write_files(const fs::path& cert_path, const fs::path& key_path) const {
  write_file_atomic(cert_path, certificate.certificate_pem, kCertificateFileMode);
  key.write_pem_file(key_path);
}

CertificateAuthority::CertificateAuthority(Certificate certificate, PrivateKey key)
    : certificate_(std::move(certificate)), key_(std::move(key)) {
  if (!certificate_.info().is_ca) {
    throw PkiError("certificate '" + certificate_.subject_cn() + "' is not a CA certificate");
  }
  if (!certificate_.matches_key(key_)) {
    throw PkiError("CA key does not match CA certificate '" + certificate_.subject_cn() + "'");
  }
}

bool CertificateAuthority::exists(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / kCaKeyFileName, ec) || fs::exists(dir / kCaCertificateFileName, ec);
}

CertificateAuthority CertificateAuthority::init(const fs::path& dir, const CaOptions& options) {
  require_positive(options.lifetime, "CA");
  if (options.common_name.empty()) throw PkiError("CA common name must not be empty");
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    if (fs::create_directories(dir, ec); ec) {
      throw PkiError("cannot create CA directory " + dir.string() + ": " + ec.message());
    }
    ::chmod(dir.c_str(), 0700);
  }
  if (!options.force && exists(dir)) {
    throw PkiError("a CA already exists in " + dir.string() + " (" + kCaKeyFileName + " or " +
                   kCaCertificateFileName + " present); refusing to overwrite it without force");
  }

  detail::clear_openssl_errors();
  PrivateKey key = PrivateKey::generate(options.key_algorithm);
  EVP_PKEY* pkey = Access::pkey(key);
  auto name = detail::make_name(options.common_name, options.organization);
  const auto now = now_seconds();
  auto cert = detail::new_certificate({pkey, name.get(), name.get(), now - kClockSkewAllowance,
                                       now + options.lifetime});
  detail::add_extension(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
  detail::add_extension(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  detail::add_extension(cert.get(), cert.get(), NID_subject_key_identifier, "hash");
  detail::add_extension(cert.get(), cert.get(), NID_authority_key_identifier, "keyid:always");
  detail::sign_certificate(cert.get(), pkey);

  CertificateAuthority ca(Access::wrap(std::move(cert)), key);
  key.write_pem_file(dir / kCaKeyFileName);
  write_file_atomic(dir / kCaCertificateFileName, ca.certificate_pem(), kCertificateFileMode);
  return ca;
}

CertificateAuthority CertificateAuthority::load(const fs::path& dir) {
  const fs::path cert_path = dir / kCaCertificateFileName;
  const fs::path key_path = dir / kCaKeyFileName;
  auto with_context = [](const fs::path& path, const auto& read) {
    try {
      return read();
    } catch (const PkiFileNotFound& e) {
      throw PkiFileNotFound(path, std::string("CA: ") + e.what());
    } catch (const PkiError& e) {
      throw PkiError(std::string("CA: ") + e.what());
    }
  };
  auto cert = with_context(cert_path, [&] { return read_certificate_chain_file(cert_path).front(); });
  auto key = with_context(key_path, [&] { return PrivateKey::read_pem_file(key_path); });
  if (!cert.matches_key(key)) {
    throw PkiError("CA: key " + key_path.string() + " does not match certificate " + cert_path.string());
  }
  try {
    return CertificateAuthority(std::move(cert), std::move(key));
  } catch (const PkiError& e) {
    throw PkiError("CA in " + dir.string() + ": " + e.what());
  }
}

IssuedCertificate CertificateAuthority::issue_client_certificate(std::string_view csr_pem,
                                                                 const std::string& tls_name,
                                                                 std::chrono::seconds lifetime) const {
  require_positive(lifetime, "client certificate");
  if (!detail::is_valid_dns_name(tls_name)) {
    throw PkiError("cannot issue a client certificate for '" + tls_name + "': not a valid DNS name");
  }
  const CertificateRequest csr = CertificateRequest::parse(csr_pem);
  X509_REQ* req = Access::req(csr);
  EVP_PKEY* subject_key = X509_REQ_get0_pubkey(req);

  detail::clear_openssl_errors();
  X509* ca_cert = Access::x509(certificate_);
  auto subject = detail::make_name(tls_name);
  const auto now = now_seconds();
  const auto not_after = std::min(now + lifetime, certificate_.not_after());
  auto cert = detail::new_certificate({subject_key, subject.get(), X509_get_subject_name(ca_cert),
                                       now - kClockSkewAllowance, not_after});
  add_leaf_extensions(cert.get(), ca_cert, detail::key_algorithm(subject_key));
  // Go's default verification of client certificates checks serverAuth (api.md §3.2, §8.3).
  detail::add_extension(cert.get(), ca_cert, NID_ext_key_usage, "clientAuth,serverAuth");
  auto san = detail::make_general_names({tls_name}, {});
  detail::add_subject_alt_name(cert.get(), san.get());
  detail::sign_certificate(cert.get(), Access::pkey(key_));
  return make_record(cert.get());
}

ServerCertificate CertificateAuthority::issue_server_certificate(
    const std::vector<std::string>& hostnames, std::chrono::seconds lifetime,
    KeyAlgorithm key_algorithm) const {
  require_positive(lifetime, "server certificate");
  if (hostnames.empty()) throw PkiError("a server certificate needs at least one host name");
  std::vector<std::string> dns;
  std::vector<std::vector<unsigned char>> ips;
  for (const auto& host : hostnames) {
    if (auto ip = detail::parse_ip_literal(host)) {
      ips.push_back(std::move(*ip));
    } else if (detail::is_valid_dns_name(host)) {
      dns.push_back(host);
    } else {
      throw PkiError("cannot issue a server certificate for '" + host +
                     "': neither a DNS name nor an IP address");
    }
  }

  PrivateKey key = PrivateKey::generate(key_algorithm);
  detail::clear_openssl_errors();
  X509* ca_cert = Access::x509(certificate_);
  auto subject = detail::make_name(hostnames.front());
  const auto now = now_seconds();
  const auto not_after = std::min(now + lifetime, certificate_.not_after());
  auto cert = detail::new_certificate({Access::pkey(key), subject.get(),
                                       X509_get_subject_name(ca_cert), now - kClockSkewAllowance,
                                       not_after});
  add_leaf_extensions(cert.get(), ca_cert, key_algorithm);
  detail::add_extension(cert.get(), ca_cert, NID_ext_key_usage, "serverAuth");
  auto san = detail::make_general_names(dns, ips);
  detail::add_subject_alt_name(cert.get(), san.get());
  detail::sign_certificate(cert.get(), Access::pkey(key_));
  return ServerCertificate{make_record(cert.get()), std::move(key)};
}

}  // namespace ntpmon::pki
