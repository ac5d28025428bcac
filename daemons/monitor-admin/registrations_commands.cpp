#include "registrations_commands.h"

#include <CLI/CLI.hpp>
#include <soci/soci.h>

#include <ostream>
#include <stdexcept>

#include "api/monitor_name.h"
#include "api/proto_json.h"
#include "sql/api_admin.h"
#include "table_output.h"

namespace ntpmon::admin {
namespace {

constexpr int kMaxTlsNameNumber = 99;  // spec/api.md §0: n is 1..99

void check_location(const std::string& location) {
  if (location.empty() || location.size() > 5) {
    throw std::runtime_error("--location \"" + location + "\": a location code has 1 to 5 characters (e.g. defra)");
  }
  for (char c : location) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
      throw std::runtime_error("--location \"" + location + "\": use lower-case letters and digits");
    }
  }
}

sql::MonitorsStatus monitor_status(const std::string& text) {
  auto status = sql::try_parse_monitors_status(text);
  if (!status || *status == sql::MonitorsStatus::deleted) {
    throw std::runtime_error("--status \"" + text + "\": one of pending, testing, active, paused");
  }
  return *status;
}

std::string free_tls_name(soci::session& db, const ApproveRequest& r, const std::string& account_token) {
  for (int n = 1; n <= kMaxTlsNameNumber; ++n) {
    auto name = api::make_tls_name(r.location, n, account_token, r.env, r.domain);
    if (!name) {
      throw std::runtime_error("cannot form a valid monitor name from location \"" + r.location + "\", account token \"" +
                               account_token + "\", env \"" + r.env + "\" and domain \"" + r.domain + "\"");
    }
    if (sql::CountMonitorsWithTlsName(db, *name)->monitors == 0) return *name;
  }
  throw std::runtime_error("every name " + r.location + "1.." + r.location + "99 of account " + account_token +
                           " is taken; choose another location code");
}

// Creates (or, for a re-registration, moves) the row of one IP family.
std::uint32_t place_monitor(soci::session& db, const ApproveRequest& r, const std::string& tls_name,
                            const std::string& ip, sql::MonitorsIpVersion family, const std::string& hostname,
                            sql::MonitorsStatus status) {
  auto user = sql::FindCurrentMonitorByIp(db, ip);
  auto own = sql::FindMonitorByTlsNameFamily(db, tls_name, family);
  if (user && (!own || user->id != own->id)) {
    throw std::runtime_error("IP " + ip + " is already used by monitor " + std::to_string(user->id) + " (" +
                             user->tls_name.value_or("no tls_name") + ")");
  }
  if (own) {
    sql::UpdateMonitorAddress(db, ip, r.account_id, hostname, r.location, status, own->id);
    return own->id;
  }
  return static_cast<std::uint32_t>(
      sql::InsertMonitor(db, r.account_id, hostname, r.location, ip, family, tls_name, status));
}

std::string utc(std::chrono::sys_seconds t) { return api::format_timestamp({t.time_since_epoch().count(), 0}); }

}  // namespace

ApproveResult approve_registration(soci::session& db, const ApproveRequest& r) {
  check_location(r.location);
  auto status = monitor_status(r.status);
  soci::transaction tx(db);
  soci::session& s = db;
  {
    auto reg = sql::LockRegistration(s, r.registration_id);
    if (!reg) throw std::runtime_error("no registration " + std::to_string(r.registration_id));
    if (reg->status != sql::MonitorRegistrationsStatus::pending) {
      throw std::runtime_error("registration " + std::to_string(r.registration_id) + " is " +
                               std::string(sql::to_string(reg->status)) + ", not pending");
    }
    if (reg->ip4.empty() && reg->ip6.empty()) {
      throw std::runtime_error("registration " + std::to_string(r.registration_id) + " has no IP address");
    }
    auto account = sql::GetAccountById(s, r.account_id);
    if (!account) throw std::runtime_error("no account " + std::to_string(r.account_id));
    if (!account->id_token || account->id_token->empty()) {
      throw std::runtime_error("account " + std::to_string(r.account_id) + " has no id_token (needed in the monitor name)");
    }
    ApproveResult result;
    // A re-registration (the agent sent the key of an existing monitor) keeps its identity.
    result.tls_name = reg->tls_name && !reg->tls_name->empty() ? *reg->tls_name : free_tls_name(s, r, *account->id_token);
    if (!reg->ip4.empty()) {
      result.monitor_ids.push_back(
          place_monitor(s, r, result.tls_name, reg->ip4, sql::MonitorsIpVersion::v4, reg->hostname, status));
    }
    if (!reg->ip6.empty()) {
      result.monitor_ids.push_back(
          place_monitor(s, r, result.tls_name, reg->ip6, sql::MonitorsIpVersion::v6, reg->hostname, status));
    }
    sql::AcceptRegistration(s, result.monitor_ids.front(), result.tls_name, r.location, r.account_id, reg->id);
    tx.commit();
    return result;
  }
}

RegistrationsCommands::RegistrationsCommands(CLI::App& app) {
  auto* cmd = app.add_subcommand("registrations", "agent registrations waiting for an operator");
  cmd->require_subcommand(1);
  list_ = cmd->add_subcommand("list", "list pending registrations");
  list_->add_flag("--all", all_, "all registrations, not only pending ones");

  approve_ = cmd->add_subcommand("approve", "approve a registration: create its monitors rows");
  approve_->add_option("id", approve_request_.registration_id, "registration id")->required();
  approve_->add_option("--account", approve_request_.account_id, "the account (accounts.id) the monitor belongs to")
      ->required();
  approve_->add_option("--location", approve_request_.location, "location code, e.g. defra (1-5 characters)")->required();
  approve_->add_option("--status", approve_request_.status, "status of the new monitors rows")
      ->check(CLI::IsMember({"pending", "testing", "active", "paused"}))
      ->capture_default_str();
  approve_->add_option("--env", approve_request_.env, "deployment environment in the monitor name")
      ->envname("DEPLOYMENT_MODE")
      ->check(CLI::IsMember({"devel", "test", "prod"}))
      ->capture_default_str();
  approve_->add_option("--domain", approve_request_.domain, "monitor domain suffix")
      ->envname("MONITOR_DOMAIN")
      ->capture_default_str();

  reject_ = cmd->add_subcommand("reject", "reject a registration (the agent is told so)");
  reject_->add_option("id", reject_id_, "registration id")->required();
}

std::optional<int> RegistrationsCommands::run(soci::session& db, std::ostream& out, std::ostream& err) const {
  try {
    if (list_->parsed()) {
      Table table({"id", "status", "ip4", "ip6", "hostname", "client", "tls_name", "account", "created", "last_seen"});
      for (const auto& r : sql::ListRegistrations(db, all_ ? 1 : 0)) {
        table.add({std::to_string(r.id), std::string(sql::to_string(r.status)), r.ip4, r.ip6, r.hostname, r.client,
                   r.tls_name.value_or(""), r.account_id ? std::to_string(*r.account_id) : "", utc(r.created_on),
                   utc(r.last_seen)});
      }
      table.print(out);
      return 0;
    }
    if (approve_->parsed()) {
      auto result = approve_registration(db, approve_request_);
      out << "approved registration " << approve_request_.registration_id << ": " << result.tls_name << ", monitor";
      out << (result.monitor_ids.size() > 1 ? "s" : "");
      for (auto id : result.monitor_ids) out << " " << id;
      out << " (" << approve_request_.status << "); the agent receives its API key on its next poll\n";
      return 0;
    }
    if (reject_->parsed()) {
      if (sql::RejectRegistration(db, reject_id_) == 0) {
        err << "monitor-admin: registration " << reject_id_ << " does not exist or is not pending\n";
        return 1;
      }
      out << "rejected registration " << reject_id_ << "\n";
      return 0;
    }
  } catch (const std::exception& e) {
    err << "monitor-admin: " << e.what() << "\n";
    return 1;
  }
  return std::nullopt;
}

}  // namespace ntpmon::admin
