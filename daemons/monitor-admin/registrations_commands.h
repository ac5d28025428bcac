#pragma once
// `monitor-admin registrations list|approve|reject` (spec/api.md §8.1, "Project decisions"):
// the operator's side of agent registration.
//
//   registrations list [--all]
//   registrations approve <id> --account <account id> --location <code> [--status testing]
//                         [--env devel|test|prod] [--domain mon.ntppool.dev]
//   registrations reject <id>
//
// Approving creates one monitors row per IP family the agent registered from, named
// <location><n>-<account id_token>.<env>.<domain> with the lowest free n (or the identity the
// agent re-registers), and marks the registration accepted; the agent's next poll receives its
// API key.

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}
namespace soci {
class session;
}

namespace ntpmon::admin {

struct ApproveRequest {
  std::uint32_t registration_id = 0;
  std::uint32_t account_id = 0;
  std::string location;          // 1-5 characters [a-z0-9]
  std::string status = "testing";  // of the new monitors rows: pending, testing, active or paused
  std::string env = "devel";
  std::string domain = "mon.ntppool.dev";
};

struct ApproveResult {
  std::string tls_name;
  std::vector<std::uint32_t> monitor_ids;  // one per IP family
};

// One transaction. Throws std::runtime_error naming what is wrong (not pending, unknown
// account, account without id_token, bad location, an IP used by another monitor, ...).
ApproveResult approve_registration(soci::session& db, const ApproveRequest& request);

class RegistrationsCommands {
 public:
  explicit RegistrationsCommands(CLI::App& app);
  std::optional<int> run(soci::session& db, std::ostream& out, std::ostream& err) const;

 private:
  CLI::App* list_ = nullptr;
  CLI::App* approve_ = nullptr;
  CLI::App* reject_ = nullptr;
  bool all_ = false;
  ApproveRequest approve_request_;
  std::uint32_t reject_id_ = 0;
};

}  // namespace ntpmon::admin
