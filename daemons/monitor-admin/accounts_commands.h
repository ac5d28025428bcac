#pragma once
// `monitor-admin accounts add <name> [--monitors-per-server-limit N]`: an account with a new
// id_token (the short token in monitor names) and, if given, the selector's per-server limit
// in accounts.flags (spec/selector.md §4.1).

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

struct NewAccount {
  std::uint32_t id = 0;
  std::string id_token;
};

NewAccount add_account(soci::session& db, const std::string& name, std::optional<int> monitors_per_server_limit);

class AccountsCommands {
 public:
  explicit AccountsCommands(CLI::App& app);
  std::optional<int> run(soci::session& db, std::ostream& out, std::ostream& err) const;

 private:
  CLI::App* add_ = nullptr;
  std::string name_;
  std::optional<int> limit_;
};

}  // namespace ntpmon::admin
