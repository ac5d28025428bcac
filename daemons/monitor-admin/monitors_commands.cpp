#include "monitors_commands.h"

#include <CLI/CLI.hpp>
#include <soci/soci.h>

#include <charconv>
#include <ostream>
#include <stdexcept>

#include "api/proto_json.h"
#include "sql/api_admin.h"
#include "table_output.h"

namespace ntpmon::admin {
namespace {

std::string utc(const std::optional<std::chrono::sys_time<std::chrono::microseconds>>& t) {
  if (!t) return {};
  auto seconds = std::chrono::floor<std::chrono::seconds>(*t);
  return api::format_timestamp({seconds.time_since_epoch().count(), 0});
}

}  // namespace

int set_monitor_status(soci::session& db, const std::string& target, const std::string& status_text, std::ostream& out) {
  auto status = sql::try_parse_monitors_status(status_text);
  if (!status) throw std::runtime_error("unknown status \"" + status_text + "\" (pending, testing, active, paused, deleted)");
  std::uint32_t id = 0;
  auto [end, ec] = std::from_chars(target.data(), target.data() + target.size(), id);
  bool numeric = ec == std::errc() && end == target.data() + target.size();
  soci::transaction tx(db);
  auto rows = sql::FindMonitorsByIdOrTlsName(db, numeric ? id : 0, numeric ? std::string() : target);
  if (rows.empty()) throw std::runtime_error("no monitor " + target);
  for (const auto& row : rows) {
    if (*status == sql::MonitorsStatus::deleted) {
      sql::DeleteMonitor(db, row.id);
    } else {
      sql::SetMonitorStatus(db, *status, row.id);
    }
    out << "monitor " << row.id << " (" << row.tls_name.value_or("-") << " "
        << (row.ip_version ? sql::to_string(*row.ip_version) : "-") << "): " << sql::to_string(row.status) << " -> "
        << sql::to_string(*status) << "\n";
  }
  tx.commit();
  return static_cast<int>(rows.size());
}

MonitorsCommands::MonitorsCommands(CLI::App& app) {
  auto* cmd = app.add_subcommand("monitors", "the agents' monitors rows");
  cmd->require_subcommand(1);
  list_ = cmd->add_subcommand("list", "list current monitors (type monitor)");
  set_status_ = cmd->add_subcommand("set-status", "change the status of a monitor (both IP families for a tls_name)");
  set_status_->add_option("monitor", target_, "monitor id or tls_name")->required();
  set_status_->add_option("status", status_, "pending, testing, active, paused or deleted")
      ->required()
      ->check(CLI::IsMember({"pending", "testing", "active", "paused", "deleted"}));
}

std::optional<int> MonitorsCommands::run(soci::session& db, std::ostream& out, std::ostream& err) const {
  try {
    if (list_->parsed()) {
      Table table({"id", "tls_name", "ip_version", "ip", "status", "account", "client_version", "last_seen", "last_submit"});
      for (const auto& m : sql::ListApiMonitors(db)) {
        table.add({std::to_string(m.id), m.tls_name.value_or(""),
                   m.ip_version ? std::string(sql::to_string(*m.ip_version)) : "", m.ip.value_or(""),
                   std::string(sql::to_string(m.status)), m.account_id ? std::to_string(*m.account_id) : "",
                   m.client_version, utc(m.last_seen), utc(m.last_submit)});
      }
      table.print(out);
      return 0;
    }
    if (set_status_->parsed()) {
      set_monitor_status(db, target_, status_, out);
      return 0;
    }
  } catch (const std::exception& e) {
    err << "monitor-admin: " << e.what() << "\n";
    return 1;
  }
  return std::nullopt;
}

}  // namespace ntpmon::admin
