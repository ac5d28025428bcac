#pragma once
// `monitor-admin monitors list|set-status` (spec/api.md §3.6: the status decides whether a
// monitor may work; changes take effect on its next call).
//
//   monitors list
//   monitors set-status <id or tls_name> <pending|testing|active|paused|deleted>

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

// Sets the status of monitor `target` (an id, or every row of a tls_name). 'deleted' also
// sets deleted_on; any other status clears it. Returns the rows changed; throws
// std::runtime_error for an unknown monitor or status.
int set_monitor_status(soci::session& db, const std::string& target, const std::string& status, std::ostream& out);

class MonitorsCommands {
 public:
  explicit MonitorsCommands(CLI::App& app);
  std::optional<int> run(soci::session& db, std::ostream& out, std::ostream& err) const;

 private:
  CLI::App* list_ = nullptr;
  CLI::App* set_status_ = nullptr;
  std::string target_;
  std::string status_;
};

}  // namespace ntpmon::admin
