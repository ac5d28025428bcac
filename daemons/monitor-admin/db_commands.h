#pragma once
// `monitor-admin db migrate|status`.

#include <iosfwd>
#include <optional>
#include <string>

namespace soci {
class session;
}

namespace ntpmon::admin {

struct MigrateCommand {
  std::optional<std::string> sql_dir;  // default: the files compiled into the program
  bool reinstall_procedures = false;
};

// Each returns the process exit status; the report goes to `out`.
int run_db_migrate(soci::session& db, const MigrateCommand& cmd, std::ostream& out);
int run_db_status(soci::session& db, const std::optional<std::string>& sql_dir, std::ostream& out);

}  // namespace ntpmon::admin
