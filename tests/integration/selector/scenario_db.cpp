#include "scenario_db.h"

#include <soci/soci.h>

#include <cmath>
#include <set>
#include <sstream>

#include "sqlrt/time.h"

namespace ntpmon::test::selector {

std::string sql_time(const std::optional<selection::TimePoint>& t) {
  if (!t) return "NULL";
  std::string out = "'";
  out += sqlrt::format_datetime(*t);
  out += '\'';
  return out;
}

std::string sql_text(const std::optional<std::string>& s) {
  if (!s) return "NULL";
  std::string out = "'";
  for (char c : *s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

namespace {

std::string sql_id(const std::optional<std::uint32_t>& id) { return id ? std::to_string(*id) : "NULL"; }

std::string ip_version(const std::optional<std::string>& ip) {
  if (!ip) return "NULL";
  return ip->find(':') != std::string::npos ? "'v6'" : "'v4'";
}

}  // namespace

void clear_selector_tables(TestDatabase& db) {
  db.run_script(
      "DELETE FROM selector_log;"
      "DELETE FROM log_scores;"
      "DELETE FROM server_scores;"
      "DELETE FROM servers_monitor_review;"
      "DELETE FROM servers;"
      "DELETE FROM monitors;"
      "DELETE FROM accounts;");
}

void load_scenario(TestDatabase& db, const PassScenario& s, selection::TimePoint now) {
  std::ostringstream sql;
  // MariaDB checks JSON columns (JSON_VALID); scenarios about undecodable flags need to store
  // text that is not JSON, as an existing database may hold.
  sql << "SET SESSION check_constraint_checks = 0;\n";

  std::map<std::uint32_t, std::optional<std::string>> accounts = s.account_flags;
  if (s.server.account_id) accounts.try_emplace(*s.server.account_id, std::nullopt);
  for (const auto& r : s.rows) {
    if (r.account_id) accounts.try_emplace(*r.account_id, std::nullopt);
  }
  for (const auto& [id, flags] : accounts) {
    sql << "INSERT INTO accounts (id, name, flags, created_on) VALUES (" << id << ", 'account " << id << "', "
        << sql_text(flags) << ", NOW());\n";
  }
  sql << "SET SESSION check_constraint_checks = 1;\n";

  sql << "INSERT INTO servers (id, ip, ip_version, account_id, created_on) VALUES (" << s.server.id << ", "
      << sql_text(s.server.ip) << ", '" << s.server_ip_version << "', " << sql_id(s.server.account_id)
      << ", NOW());\n";
  sql << "INSERT INTO servers_monitor_review (server_id, next_review) VALUES (" << s.server.id << ", NULL);\n";

  for (const auto& r : s.rows) {
    sql << "INSERT INTO monitors (id, id_token, type, account_id, ip, ip_version, tls_name, status, config, "
           "created_on) VALUES ("
        << r.id << ", 'token-" << r.id << "', 'monitor', " << sql_id(r.account_id) << ", " << sql_text(r.monitor_ip)
        << ", " << ip_version(r.monitor_ip) << ", 'm" << r.id << ".test', '"
        << selection::to_string(r.monitor_status) << "', '', NOW());\n";
    if (r.status) {
      sql << "INSERT INTO server_scores (monitor_id, server_id, status, created_on, constraint_violation_type, "
             "constraint_violation_since, last_constraint_check, pause_reason) VALUES ("
          << r.id << ", " << s.server.id << ", '" << selection::to_string(*r.status) << "', NOW(), "
          << sql_text(r.constraint_violation_type) << ", " << sql_time(r.constraint_violation_since) << ", "
          << sql_time(r.last_constraint_check) << ", " << sql_text(r.pause_reason) << ");\n";
    }
    // count rows, each with the average: AVG reproduces it exactly.
    const std::string rtt = r.avg_rtt ? std::to_string(std::llround(*r.avg_rtt * 1000.0)) : "NULL";
    std::ostringstream step;
    step.precision(17);
    step << r.avg_step;
    for (std::int64_t i = 0; i < r.count; i += 500) {
      sql << "INSERT INTO log_scores (monitor_id, server_id, ts, score, step, rtt) VALUES ";
      for (std::int64_t k = i; k < std::min<std::int64_t>(r.count, i + 500); ++k) {
        if (k != i) sql << ", ";
        sql << "(" << r.id << ", " << s.server.id << ", " << sql_time(now - std::chrono::minutes(60 + k % 1000))
            << ", 10, " << step.str() << ", " << rtt << ")";
      }
      sql << ";\n";
    }
  }
  db.run_script(sql.str());
}

std::map<std::string, std::vector<std::uint32_t>> server_statuses(soci::session& session, std::uint32_t server_id) {
  std::map<std::string, std::vector<std::uint32_t>> out;
  soci::rowset<soci::row> rows = (session.prepare << "SELECT CAST(monitor_id AS SIGNED), status FROM server_scores WHERE server_id = "
                                                  << server_id << " ORDER BY monitor_id");
  for (const soci::row& row : rows) {
    out[row.get<std::string>(1)].push_back(static_cast<std::uint32_t>(row.get<long long>(0)));
  }
  return out;
}

}  // namespace ntpmon::test::selector
