#pragma once
// `monitor-admin servers add <ip> [--account N]`: an NTP server to monitor, with the
// servers_monitor_review row the selector needs to start assigning monitors to it.

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

namespace CLI {
class App;
}
namespace soci {
class session;
}

namespace ntpmon::admin {

// Returns the new server id; throws std::runtime_error for a bad IP, a known IP or an
// unknown account.
std::uint32_t add_server(soci::session& db, const std::string& ip, std::optional<std::uint32_t> account_id);

class ServersCommands {
 public:
  explicit ServersCommands(CLI::App& app);
  std::optional<int> run(soci::session& db, std::ostream& out, std::ostream& err) const;

 private:
  CLI::App* add_ = nullptr;
  std::string ip_;
  std::optional<std::uint32_t> account_id_;
};

}  // namespace ntpmon::admin
