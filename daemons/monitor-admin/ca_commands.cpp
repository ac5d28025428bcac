#include "ca_commands.h"

#include <CLI/CLI.hpp>

#include <ostream>

#include "api/proto_json.h"
#include "api/ticket_key_file.h"
#include "config/value_parse.h"
#include "pki/ca.h"
#include "pki/error.h"

namespace ntpmon::admin {
namespace {

std::string utc(std::chrono::sys_seconds t) { return api::format_timestamp({t.time_since_epoch().count(), 0}); }

}  // namespace

CaCommands::CaCommands(CLI::App& app) {
  auto* ca = app.add_subcommand("ca", "the certificate authority of monitor-api (no database needed)");
  ca->require_subcommand(1);
  init_ = ca->add_subcommand("init", "create the CA: ca.key (mode 0600) and ca.pem in --ca-dir");
  init_->add_option("--ca-dir", ca_dir_, "CA directory")->envname("MONITOR_API_CA_DIR")->capture_default_str();
  init_->add_option("--common-name", common_name_, "subject CN of the CA certificate")->capture_default_str();
  init_->add_flag("--force", force_, "replace an existing CA (every issued certificate stops working)");

  issue_server_ = ca->add_subcommand("issue-server", "issue monitor-api's own TLS certificate, signed by the CA");
  issue_server_->add_option("hostnames", hostnames_, "DNS names and IP addresses of the server")->required();
  issue_server_->add_option("--ca-dir", ca_dir_, "CA directory")->envname("MONITOR_API_CA_DIR")->capture_default_str();
  issue_server_->add_option("--cert", cert_path_, "where to write the certificate (PEM)")->required();
  issue_server_->add_option("--key", key_path_, "where to write its key (PEM, mode 0600)")->required();
  issue_server_->add_option("--days", days_, "lifetime in days")->check(CLI::Range(1, 3650))->capture_default_str();

  auto* tickets = app.add_subcommand("tickets", "the HMAC keys of the work tickets (no database needed)");
  tickets->require_subcommand(1);
  rotate_ = tickets->add_subcommand(
      "rotate", "add a new signing key (creating the file when missing) and drop keys superseded more than --grace ago");
  rotate_->add_option("--key-file", ticket_key_file_, "ticket key file")
      ->envname("MONITOR_API_TICKET_KEYS")
      ->capture_default_str();
  rotate_->add_option("--grace", grace_, "keep superseded keys this long (at least twice the ticket lifetime)")
      ->capture_default_str();
}

std::optional<int> CaCommands::run(std::ostream& out, std::ostream& err) const {
  try {
    if (init_->parsed()) {
      pki::CaOptions options;
      options.common_name = common_name_;
      options.force = force_;
      auto ca = pki::CertificateAuthority::init(ca_dir_, options);
      auto info = ca.certificate().info();
      out << "created the CA in " << ca_dir_ << ": " << pki::kCaCertificateFileName << " (" << info.subject_cn
          << ", valid until " << utc(info.not_after) << ") and " << pki::kCaKeyFileName << " (mode 0600)\n";
      return 0;
    }
    if (issue_server_->parsed()) {
      auto ca = pki::CertificateAuthority::load(ca_dir_);
      auto issued = ca.issue_server_certificate(hostnames_, std::chrono::days(days_));
      issued.write_files(cert_path_, key_path_);
      out << "issued a server certificate for";
      for (const auto& h : hostnames_) out << " " << h;
      out << " (serial " << issued.certificate.serial_hex << ", valid until " << utc(issued.certificate.not_after)
          << "): " << cert_path_ << ", key " << key_path_ << "\n";
      return 0;
    }
    if (rotate_->parsed()) {
      auto grace = config::parse_duration(grace_);
      if (!grace || grace->count() < 0) {
        err << "monitor-admin: --grace \"" << grace_ << "\" is not a duration such as 2h\n";
        return 2;
      }
      auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
      api::TicketKeyRing ring;
      bool created = false;
      try {
        ring = api::read_ticket_key_file(ticket_key_file_).rotated(now, std::chrono::duration_cast<std::chrono::seconds>(*grace));
      } catch (const pki::PkiFileNotFound&) {
        ring = api::TicketKeyRing::generate(now);
        created = true;
      }
      api::write_ticket_key_file(ticket_key_file_, ring);
      out << (created ? "created " : "rotated ") << ticket_key_file_ << ": signing key " << int(ring.current().id) << ", "
          << ring.keys().size() << " key(s) accepted\n";
      return 0;
    }
  } catch (const std::exception& e) {
    err << "monitor-admin: " << e.what() << "\n";
    return 1;
  }
  return std::nullopt;
}

}  // namespace ntpmon::admin
