// bench-selector: `monitor-selector run` over 5,000 servers with 20 monitors each and 24 h
// of log_scores (10 rows per monitor and server), repeated until every server has been
// reviewed once. Target: <= 5 ms per server on average. Also reports the time of the monitor
// view query (GetMonitorPriority) alone, its share of a pass, and its EXPLAIN plan.
//
// Phase 1 runs the real program (`monitor-selector run`, one batch of 10 per process) on the
// fresh fixture, where most servers change. Phase 2 makes every server due again and runs
// the same batches in-process (run_batch, the code of `run`) over the state phase 1 left.
#include <soci/soci.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include "batch.h"
#include "log/logger.h"
#include "log/sink.h"
#include "sql/query_catalog.h"
#include "sql/selector.h"
#include "subprocess.h"
#include "test_database.h"

namespace {

using namespace ntpmon;
using Clock = std::chrono::steady_clock;

constexpr double kTargetMsPerServer = 5.0;
constexpr long long kServers = 5000;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

long long count(soci::session& s, const std::string& sql) {
  long long n = 0;
  s << sql, soci::into(n);
  return n;
}

// GetMonitorPriority's SQL with the server id in place of its placeholders.
std::string view_sql(std::uint32_t server_id) {
  const auto* q = sql::find_query("GetMonitorPriority");
  std::string text(q->sql);
  for (auto pos = text.find('?'); pos != std::string::npos; pos = text.find('?', pos)) {
    text.replace(pos, 1, std::to_string(server_id));
  }
  return text;
}

void print_explain(soci::session& s, std::uint32_t server_id) {
  std::cout << "EXPLAIN GetMonitorPriority (server " << server_id << "):\n";
  std::cout << "  id | select_type | table | type | possible_keys | key | key_len | ref | rows | Extra\n";
  soci::rowset<soci::row> rows = (s.prepare << "EXPLAIN " + view_sql(server_id));
  bool uses_index = false;
  for (const soci::row& r : rows) {
    std::string line = " ";
    for (std::size_t i = 0; i < r.size(); ++i) {
      std::string v = "NULL";
      if (r.get_indicator(i) != soci::i_null) {
        switch (r.get_properties(i).get_data_type()) {
          case soci::dt_string: v = r.get<std::string>(i); break;
          case soci::dt_integer: v = std::to_string(r.get<int>(i)); break;
          case soci::dt_long_long: v = std::to_string(r.get<long long>(i)); break;
          case soci::dt_unsigned_long_long: v = std::to_string(r.get<unsigned long long>(i)); break;
          case soci::dt_double: v = std::to_string(r.get<double>(i)); break;
          default: v = "?"; break;
        }
      }
      if (v == "log_scores_server_ts_idx") uses_index = true;
      line += (i ? " | " : " ") + v;
    }
    std::cout << line << "\n";
  }
  std::cout << "  log_scores read through log_scores_server_ts_idx (server_id, ts): " << (uses_index ? "yes" : "NO")
            << "\n";
}

}  // namespace

int main() {
  try {
    std::cout << "bench-selector: " << kServers << " servers x 20 monitors, 10 log_scores rows each in 24 h\n";
    test::TestDatabase db{"selector_bench"};
    auto& s = db.session();
    auto start = Clock::now();
    db.run_script_file(std::string(NTPMON_SOURCE_DIR) + "/bench/selector/fixture.sql");
    s << "ANALYZE TABLE log_scores, server_scores, monitors, accounts, servers_monitor_review";
    std::cout << "fixture: " << count(s, "SELECT COUNT(*) FROM log_scores") << " log_scores rows, "
              << count(s, "SELECT COUNT(*) FROM server_scores") << " server_scores rows in " << ms_since(start) / 1000
              << " s\n";

    // Phase 1: the program, one batch per process, until nothing is due.
    const std::string program = test::program_path("monitor-selector");
    long long runs = 0;
    start = Clock::now();
    for (;;) {
      const auto r = test::run_process({program, "run"}, {{"DATABASE_DSN", db.dsn_text()}, {"LOG_LEVEL", "error"}});
      ++runs;
      if (r.exit_status != 0) {
        std::cerr << "monitor-selector run failed (" << r.exit_status << "): " << r.err << r.out;
        return 1;
      }
      if (r.out.rfind("servers: 0,", 0) == 0) break;
    }
    const double phase1_ms = ms_since(start);
    const long long reviewed = count(s, "SELECT COUNT(*) FROM servers_monitor_review WHERE last_review IS NOT NULL");
    const long long changed = count(s, "SELECT COUNT(*) FROM servers_monitor_review WHERE last_change IS NOT NULL");
    const long long audit = count(s, "SELECT COUNT(*) FROM selector_log");
    const double phase1_per_server = phase1_ms / static_cast<double>(reviewed);
    std::printf("phase 1 (monitor-selector run x %lld processes): %lld servers reviewed (%lld changed, %lld audit rows) "
                "in %.1f s: %.3f ms per server\n",
                runs, reviewed, changed, audit, phase1_ms / 1000, phase1_per_server);

    // Phase 2: every server due again; the batches in-process.
    s << "UPDATE servers_monitor_review SET next_review = NULL";
    const log::Logger quiet(log::stderr_sink(), log::Level::error);
    std::size_t servers = 0;
    std::size_t batches = 0;
    start = Clock::now();
    for (;;) {
      const auto r = selector::run_batch(s, selector::current_time, quiet, nullptr);
      ++batches;
      if (r.servers == 0) break;
      servers += r.servers;
    }
    const double phase2_ms = ms_since(start);
    const double phase2_per_server = phase2_ms / static_cast<double>(servers);
    std::printf("phase 2 (run_batch in-process x %zu batches): %zu servers in %.1f s: %.3f ms per server\n", batches,
                servers, phase2_ms / 1000, phase2_per_server);

    // The monitor view alone, every server once.
    start = Clock::now();
    std::size_t rows = 0;
    for (std::uint32_t id = 1; id <= kServers; ++id) rows += sql::GetMonitorPriority(s, id).size();
    const double view_ms = ms_since(start) / static_cast<double>(kServers);
    std::printf("GetMonitorPriority alone: %.3f ms per server (%.1f rows); share of a pass: %.0f %% (phase 1), "
                "%.0f %% (phase 2)\n",
                view_ms, static_cast<double>(rows) / kServers, 100 * view_ms / phase1_per_server,
                100 * view_ms / phase2_per_server);
    print_explain(s, 2500);

    const double worst = std::max(phase1_per_server, phase2_per_server);
    std::printf("per server: %.3f ms (target %.1f ms): ratio %.2f -> %s\n", worst, kTargetMsPerServer,
                worst / kTargetMsPerServer, worst <= kTargetMsPerServer ? "OK" : "TOO SLOW");
    return worst <= kTargetMsPerServer ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "bench-selector: " << e.what() << "\n";
    return 1;
  }
}
