#pragma once
// Fixtures for the monitor-scorer integration tests: a fresh database per test, rows and
// pairs by hand, and the scorer run in this process (Runner / ScorerWorker) on a connection
// of its own, with its log lines kept.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "log/logger.h"
#include "log/sink.h"
#include "runner.h"
#include "test_database.h"

namespace soci {
class session;
}

namespace ntpmon::test {

std::chrono::sys_seconds now_seconds();

struct RowSpec {
  std::optional<std::uint64_t> id;  // nullopt: AUTO_INCREMENT
  std::uint32_t server_id = 0;
  std::uint32_t monitor_id = 0;
  std::chrono::sys_seconds ts{};
  double score = 0;
  double step = 0;
  std::optional<double> offset;
  std::optional<std::int32_t> rtt;
  std::optional<std::string> attributes;
};

RowSpec row_spec(std::optional<std::uint64_t> id, std::uint32_t server_id, std::uint32_t monitor_id,
                 std::chrono::sys_seconds ts, double score, double step);

void add_monitor(soci::session& s, std::uint32_t id, const std::string& type = "monitor",
                 const std::string& hostname = "", const std::string& status = "active");
void add_server(soci::session& s, std::uint32_t id);
void add_pair(soci::session& s, std::uint32_t server_id, std::uint32_t monitor_id, const std::string& status,
              double score = 0);
std::uint64_t add_row(soci::session& s, const RowSpec& row);  // returns the id
void set_cursor(soci::session& s, std::uint32_t scorer_id, std::uint64_t log_score_id);

// The scorer in this process.
class InProcessScorer {
 public:
  explicit InProcessScorer(const TestDatabase& db, std::uint64_t batch_size = 10000,
                           std::chrono::seconds gap_horizon = std::chrono::seconds(600));
  soci::session& session() { return *session_; }
  // Built on first use with the options as they are then; options() starts a new one.
  scorer::Runner& runner();
  scorer::RunnerOptions& options() {
    runner_.reset();
    return options_;
  }
  std::vector<std::string> log_lines() const { return sink_->lines(); }
  bool logged(const std::string& part) const;

  // Rounds until caught up; the failures.
  std::vector<scorer::ScorerFailure> run();

 private:
  std::unique_ptr<soci::session> session_;
  std::shared_ptr<log::MemorySink> sink_;
  log::Logger logger_;
  scorer::RunnerOptions options_;
  std::unique_ptr<scorer::Runner> runner_;
};

}  // namespace ntpmon::test
