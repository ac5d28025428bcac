// bench-selector: `monitor-selector run` over 5,000 servers with 20 monitors each and 24 h
// of log_scores (10 rows per monitor and server), repeated until every server has been
// reviewed once. Target: <= 5 ms per server on average. Also reports the time of the monitor
// view query (GetMonitorPriority) alone, its share of a pass, and its EXPLAIN plan.
//
// Phase 1 runs the real program (`monitor-selector run`, one batch of 10 per process) on the
// fresh fixture, where most servers change. Phase 2 makes every server due again and runs
// the same batches in-process (run_batch, the code of `run`) over the state phase 1 left.
#include <soci/soci.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
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

double rusage_ms(int who) {
  rusage u{};
  getrusage(who, &u);
  auto ms = [](const timeval& tv) { return tv.tv_sec * 1000.0 + tv.tv_usec / 1000.0; };
  return ms(u.ru_utime) + ms(u.ru_stime);
}

// CPU time of the database server process (user + system), from /proc; 0 when unknown.
// The test server is shared, so this is an upper bound of what the selector caused.
double server_cpu_ms(long pid) {
  std::string path = "/proc/";
  path += std::to_string(pid);
  path += "/stat";
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(text.substr(close + 2));
  std::string f;
  double utime = 0;
  double stime = 0;
  for (int i = 3; fields >> f; ++i) {
    if (i == 14) utime = std::stod(f);
    if (i == 15) {
      stime = std::stod(f);
      break;
    }
  }
  return (utime + stime) * 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

long server_pid(soci::session& s) {
  std::string pid_file;
  s << "SELECT @@pid_file", soci::into(pid_file);
  std::ifstream in(pid_file);
  long pid = 0;
  in >> pid;
  return pid;
}

// Wall time and CPU time (this process or its children, and the database server) of a phase.
struct Span {
  Clock::time_point wall = Clock::now();
  double client = 0;
  double server = 0;
  int who = RUSAGE_SELF;
  long pid = 0;

  Span(int who_, long pid_) : client(rusage_ms(who_)), server(server_cpu_ms(pid_)), who(who_), pid(pid_) {}
  struct Result {
    double wall_ms, client_ms, server_ms;
  };
  Result end() const { return {ms_since(wall), rusage_ms(who) - client, server_cpu_ms(pid) - server}; }
};

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

// One EXPLAIN cell as text. (Values are returned, not assigned to an existing string:
// GCC 12 reports a false -Wrestrict there, bug 105651.)
std::string cell_text(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return "NULL";
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_string: return r.get<std::string>(i);
    case soci::dt_integer: return std::to_string(r.get<int>(i));
    case soci::dt_long_long: return std::to_string(r.get<long long>(i));
    case soci::dt_unsigned_long_long: return std::to_string(r.get<unsigned long long>(i));
    case soci::dt_double: {
      char text[32];
      std::snprintf(text, sizeof text, "%g", r.get<double>(i));
      return text;
    }
    default: return "?";
  }
}

void print_explain(soci::session& s, std::uint32_t server_id) {
  std::cout << "EXPLAIN GetMonitorPriority (server " << server_id << "):\n";
  std::cout << "  id | select_type | table | type | possible_keys | key | key_len | ref | rows | Extra\n";
  soci::rowset<soci::row> rows = (s.prepare << "EXPLAIN " << view_sql(server_id));
  bool uses_index = false;
  bool index_only = false;
  for (const soci::row& r : rows) {
    std::string line = " ";
    for (std::size_t i = 0; i < r.size(); ++i) {
      const std::string v = cell_text(r, i);
      if (v == "log_scores_server_ts_idx") uses_index = true;
      if (v.find("Using index") != std::string::npos && v.find("Using index condition") == std::string::npos) {
        index_only = true;
      }
      line += i ? " | " : " ";
      line += v;
    }
    std::cout << line << "\n";
  }
  std::cout << "  log_scores read through log_scores_server_ts_idx (server_id, ts): "
            << (uses_index ? "yes" : "NO") << (index_only ? ", index only" : ", with row lookups") << "\n";
}

}  // namespace

int main() {
  try {
    std::cout << "bench-selector: " << kServers << " servers x 20 monitors, 10 log_scores rows each in 24 h\n";
    test::TestDatabase db{"selector_bench"};
    auto& s = db.session();
    const auto start = Clock::now();
    db.run_script_file(std::string(NTPMON_SOURCE_DIR) + "/bench/selector/fixture.sql");
    s << "ANALYZE TABLE log_scores, server_scores, monitors, accounts, servers_monitor_review";
    std::cout << "fixture: " << count(s, "SELECT COUNT(*) FROM log_scores") << " log_scores rows, "
              << count(s, "SELECT COUNT(*) FROM server_scores") << " server_scores rows in " << ms_since(start) / 1000
              << " s\n";

    // Phase 1: the program, one batch per process, until nothing is due.
    const long pid = server_pid(s);
    const std::string program = test::program_path("monitor-selector");
    long long runs = 0;
    const Span phase1_span(RUSAGE_CHILDREN, pid);
    for (;;) {
      const auto r = test::run_process({program, "run"}, {{"DATABASE_DSN", db.dsn_text()}, {"LOG_LEVEL", "error"}});
      ++runs;
      if (r.exit_status != 0) {
        std::cerr << "monitor-selector run failed (" << r.exit_status << "): " << r.err << r.out;
        return 1;
      }
      if (r.out.rfind("servers: 0,", 0) == 0) break;
    }
    const auto phase1 = phase1_span.end();
    const long long reviewed = count(s, "SELECT COUNT(*) FROM servers_monitor_review WHERE last_review IS NOT NULL");
    const long long changed = count(s, "SELECT COUNT(*) FROM servers_monitor_review WHERE last_change IS NOT NULL");
    const long long audit = count(s, "SELECT COUNT(*) FROM selector_log");
    const double n1 = static_cast<double>(reviewed);
    const double phase1_per_server = phase1.wall_ms / n1;
    std::printf("phase 1 (monitor-selector run x %lld processes): %lld servers reviewed (%lld changed, %lld audit rows) "
                "in %.1f s: %.3f ms per server; CPU per server: %.3f ms in the processes, %.3f ms in the database\n",
                runs, reviewed, changed, audit, phase1.wall_ms / 1000, phase1_per_server, phase1.client_ms / n1,
                phase1.server_ms / n1);

    // Phase 2: every server due again; the batches in-process.
    s << "UPDATE servers_monitor_review SET next_review = NULL";
    const log::Logger quiet(log::stderr_sink(), log::Level::error);
    std::size_t servers = 0;
    std::size_t batches = 0;
    const Span phase2_span(RUSAGE_SELF, pid);
    for (;;) {
      const auto r = selector::run_batch(s, selector::current_time, quiet, nullptr);
      ++batches;
      if (r.servers == 0) break;
      servers += r.servers;
    }
    const auto phase2 = phase2_span.end();
    const double n2 = static_cast<double>(servers);
    const double phase2_per_server = phase2.wall_ms / n2;
    const long long changed2 = count(s, "SELECT COUNT(*) FROM selector_log") - audit;
    std::printf("phase 2 (run_batch in-process x %zu batches): %zu servers (%lld audit rows) in %.1f s: %.3f ms per "
                "server; CPU per server: %.3f ms in the selector, %.3f ms in the database\n",
                batches, servers, changed2, phase2.wall_ms / 1000, phase2_per_server, phase2.client_ms / n2,
                phase2.server_ms / n2);

    // The monitor view alone, every server once.
    const Span view_span(RUSAGE_SELF, pid);
    std::size_t rows = 0;
    for (std::uint32_t id = 1; id <= kServers; ++id) rows += sql::GetMonitorPriority(s, id).size();
    const auto view = view_span.end();
    const double view_ms = view.wall_ms / kServers;
    const double view_cpu = (view.client_ms + view.server_ms) / kServers;
    const double phase2_cpu = (phase2.client_ms + phase2.server_ms) / n2;
    std::printf("GetMonitorPriority alone: %.3f ms per server (%.1f rows; CPU %.3f ms); share of a pass: "
                "%.0f %% of the wall time of phase 2, %.0f %% of its CPU time\n",
                view_ms, static_cast<double>(rows) / kServers, view_cpu, 100 * view_ms / phase2_per_server,
                100 * view_cpu / phase2_cpu);
    print_explain(s, 2500);

    double load[3] = {0, 0, 0};
    getloadavg(load, 3);
    std::printf("machine load average during the run: %.1f (%ld CPUs)\n", load[2], sysconf(_SC_NPROCESSORS_ONLN));
    const double worst = std::max(phase1_per_server, phase2_per_server);
    std::printf("per server: %.3f ms wall (target %.1f ms): ratio %.2f -> %s\n", worst, kTargetMsPerServer,
                worst / kTargetMsPerServer, worst <= kTargetMsPerServer ? "OK" : "TOO SLOW");
    return worst <= kTargetMsPerServer ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "bench-selector: " << e.what() << "\n";
    return 1;
  }
}
