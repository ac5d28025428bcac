// Test-only: fixture INSERTs.
#include "scorer_fixture.h"

#include <soci/soci.h>

#include "scorer_scenario.h"
#include "text_rows.h"

namespace ntpmon::test {

std::chrono::sys_seconds now_seconds() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

RowSpec row_spec(std::optional<std::uint64_t> id, std::uint32_t server_id, std::uint32_t monitor_id,
                 std::chrono::sys_seconds ts, double score, double step) {
  RowSpec r;
  r.id = id;
  r.server_id = server_id;
  r.monitor_id = monitor_id;
  r.ts = ts;
  r.score = score;
  r.step = step;
  return r;
}

void add_monitor(soci::session& s, std::uint32_t id, const std::string& type, const std::string& hostname,
                 const std::string& status) {
  std::string name = hostname;
  if (name.empty()) name.append("m").append(std::to_string(id));
  s << "INSERT INTO monitors (id, type, hostname, tls_name, status, config, created_on) VALUES (" +
           std::to_string(id) + ",'" + type + "','" + name + "','" + name + ".test','" + status +
           "','',UTC_TIMESTAMP())";
}

void add_server(soci::session& s, std::uint32_t id) {
  s << "INSERT INTO servers (id, ip, created_on) VALUES (" + std::to_string(id) + ",'192.0.2." + std::to_string(id) +
           "',UTC_TIMESTAMP())";
}

void add_pair(soci::session& s, std::uint32_t server_id, std::uint32_t monitor_id, const std::string& status,
              double score) {
  s << "INSERT INTO server_scores (monitor_id, server_id, score_raw, status, created_on) VALUES (" +
           std::to_string(monitor_id) + "," + std::to_string(server_id) + "," + sql_double(score) + ",'" + status +
           "',UTC_TIMESTAMP())";
}

std::uint64_t add_row(soci::session& s, const RowSpec& r) {
  s << "INSERT INTO log_scores (id, server_id, monitor_id, ts, score, step, `offset`, rtt, attributes) VALUES (" +
           (r.id ? std::to_string(*r.id) : std::string("NULL")) + "," + std::to_string(r.server_id) + "," +
           std::to_string(r.monitor_id) + "," + sql_datetime(r.ts) + "," + sql_double(r.score) + "," +
           sql_double(r.step) + "," + (r.offset ? sql_double(*r.offset) : std::string("NULL")) + "," +
           (r.rtt ? std::to_string(*r.rtt) : std::string("NULL")) + "," + sql_text(r.attributes) + ")";
  if (r.id) return *r.id;
  return static_cast<std::uint64_t>(int_value(s, "SELECT CAST(LAST_INSERT_ID() AS CHAR)"));
}

void set_cursor(soci::session& s, std::uint32_t scorer_id, std::uint64_t log_score_id) {
  s << "INSERT INTO scorer_status (scorer_id, log_score_id, modified_on) VALUES (" + std::to_string(scorer_id) + "," +
           std::to_string(log_score_id) + ",UTC_TIMESTAMP())";
}

InProcessScorer::InProcessScorer(const TestDatabase& db, std::uint64_t batch_size, std::chrono::seconds gap_horizon)
    : session_(db.connect()), sink_(std::make_shared<log::MemorySink>()), logger_(sink_, log::Level::debug) {
  options_.batch_size = batch_size;
  options_.gap_horizon = gap_horizon;
  // Quick retries: the tests hold locks for a moment only.
  options_.retry.backoff = runtime::BackoffPolicy{std::chrono::milliseconds(100), 2.0, std::chrono::seconds(2), 0.5};
  options_.retry.max_elapsed = std::chrono::seconds(20);
}

scorer::Runner& InProcessScorer::runner() {
  if (!runner_) runner_ = std::make_unique<scorer::Runner>(*session_, logger_, nullptr, options_);
  return *runner_;
}

bool InProcessScorer::logged(const std::string& part) const {
  for (const auto& l : sink_->lines()) {
    if (l.find(part) != std::string::npos) return true;
  }
  return false;
}

std::vector<scorer::ScorerFailure> InProcessScorer::run() { return runner().run_until_caught_up(); }

}  // namespace ntpmon::test
