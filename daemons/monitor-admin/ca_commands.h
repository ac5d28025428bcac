#pragma once
// `monitor-admin ca init|issue-server` and `monitor-admin tickets rotate`: the files
// monitor-api needs (spec/api.md "Project decisions"). No database.
//
//   ca init [--ca-dir DIR] [--common-name NAME] [--force]
//   ca issue-server HOST... [--ca-dir DIR] --cert FILE --key FILE [--days N]
//   tickets rotate [--key-file FILE] [--grace DURATION]

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace ntpmon::admin {

class CaCommands {
 public:
  // Adds the `ca` and `tickets` subcommands to `app`.
  explicit CaCommands(CLI::App& app);
  // nullopt when none of these commands was chosen; else its exit status.
  std::optional<int> run(std::ostream& out, std::ostream& err) const;

 private:
  CLI::App* init_ = nullptr;
  CLI::App* issue_server_ = nullptr;
  CLI::App* rotate_ = nullptr;
  std::string ca_dir_ = "/etc/ntpmon/ca";
  std::string common_name_ = "ntpmon monitor CA";
  bool force_ = false;
  std::vector<std::string> hostnames_;
  std::string cert_path_;
  std::string key_path_;
  int days_ = 365;
  std::string ticket_key_file_ = "/etc/ntpmon/ticket-keys.json";
  std::string grace_ = "2h";
};

}  // namespace ntpmon::admin
