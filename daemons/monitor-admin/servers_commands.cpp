#include "servers_commands.h"

#include <CLI/CLI.hpp>
#include <soci/soci.h>

#include <ostream>
#include <stdexcept>

#include "api/ip_address.h"
#include "sql/api_admin.h"

namespace ntpmon::admin {

std::uint32_t add_server(soci::session& db, const std::string& ip_text, std::optional<std::uint32_t> account_id) {
  auto ip = api::parse_ip(ip_text);
  if (!ip) throw std::runtime_error("\"" + ip_text + "\" is not an IP address");
  auto family = ip->family == api::IpFamily::v4 ? sql::ServersIpVersion::v4 : sql::ServersIpVersion::v6;
  soci::transaction tx(db);
  if (account_id && !sql::GetAccountById(db, *account_id)) {
    throw std::runtime_error("no account " + std::to_string(*account_id));
  }
  if (sql::CountServersWithIp(db, ip->to_string())->servers != 0) {
    throw std::runtime_error("a server with IP " + ip->to_string() + " already exists");
  }
  auto id = static_cast<std::uint32_t>(sql::InsertServer(db, ip->to_string(), family, account_id));
  sql::InsertServerMonitorReview(db, id);
  tx.commit();
  return id;
}

ServersCommands::ServersCommands(CLI::App& app) {
  auto* cmd = app.add_subcommand("servers", "NTP servers to monitor");
  cmd->require_subcommand(1);
  add_ = cmd->add_subcommand("add", "add a server (and its servers_monitor_review row)");
  add_->add_option("ip", ip_, "the server's IP address")->required();
  add_->add_option("--account", account_id_, "owning account (accounts.id)");
}

std::optional<int> ServersCommands::run(soci::session& db, std::ostream& out, std::ostream& err) const {
  if (!add_->parsed()) return std::nullopt;
  try {
    auto id = add_server(db, ip_, account_id_);
    out << "added server " << id << " (" << *api::canonical_ip(ip_) << ")\n";
    return 0;
  } catch (const std::exception& e) {
    err << "monitor-admin: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace ntpmon::admin
