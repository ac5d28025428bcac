// bench-web: monitor-web over 10,023,000 log_scores rows of 5,000 servers (generate.sql).
// Targets (issue 9): `json?limit=10000` for one server in <= 50 ms at p99, and >= 2,000
// requests/s of `log?limit=100` across random servers (load from wrk). Prints p50/p99,
// requests/s, the ratio to each target, and the EXPLAIN plans of the queries the requests run.
//
// The data set lives on the benchmark's own MariaDB server (bench/web/bench-db.sh: port 3318,
// a 2 GB buffer pool that holds the 1.5 GB data set, data in build/bench-web-db, started and
// stopped by this program; BENCH_WEB_KEEP_DB=1 leaves it running) in database
// BENCH_WEB_DATABASE (default ntpmon_bench_web), kept between runs (BENCH_WEB_REGENERATE=1
// makes a new one). The service runs in-process -- the daemon's WebApp and HttpListener with its default 16 threads
// and connections -- on the data set's clock, 2025-06-01 12:00:00 UTC.
#include <soci/soci.h>

#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include "cpu_usage.h"
#include "dataset.h"
#include "db/connect.h"
#include "db/pool.h"
#include "http_listener.h"
#include "http_load.h"
#include "log/sink.h"
#include "sql/query_catalog.h"
#include "subprocess.h"
#include "web_app.h"

namespace {

using namespace ntpmon;

constexpr double kTargetP99Ms = 50;
constexpr double kTargetRequestsPerSecond = 2000;
constexpr std::size_t kThreads = 16;
const std::chrono::sys_seconds kBenchNow{std::chrono::seconds{1748779200}};

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

// A query's SQL with its placeholders replaced by literals, in order.
std::string with_values(std::string_view query, const std::vector<std::string>& values) {
  const auto* q = sql::find_query(query);
  if (!q) throw std::runtime_error("no query " + std::string(query));
  std::string out;
  std::size_t next = 0;
  for (char c : q->sql) {
    if (c == '?' && next < values.size()) {
      out += values[next++];
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string cell(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return "NULL";
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_string: return r.get<std::string>(i);
    case soci::dt_integer: return std::to_string(r.get<int>(i));
    case soci::dt_long_long: return std::to_string(r.get<long long>(i));
    case soci::dt_unsigned_long_long: return std::to_string(r.get<unsigned long long>(i));
    case soci::dt_double: return std::to_string(r.get<double>(i));
    default: return "?";
  }
}

void print_plan(soci::session& s, const std::string& title, std::string_view query,
                const std::vector<std::string>& values) {
  std::cout << "\nEXPLAIN " << query << " (" << title << "):\n";
  std::cout << "  id | select_type | table | type | possible_keys | key | key_len | ref | rows | Extra\n";
  soci::rowset<soci::row> rows = (s.prepare << "EXPLAIN " + with_values(query, values));
  for (const soci::row& r : rows) {
    std::string line = " ";
    for (std::size_t i = 0; i < r.size(); ++i) line += (i ? " | " : " ") + cell(r, i);
    std::cout << line << "\n";
  }
}

void print_plans(const db::Dsn& dsn) {
  auto s = db::open_session(dsn);
  const std::string cutoff = "'2025-05-28 12:00:00'";
  std::cout << "\n== Query plans (the statements of sql/queries/web.sql, placeholders filled in)\n";
  print_plan(*s, "server by canonical IP", "GetWebServerByIp", {"'10.0.0.42'"});
  print_plan(*s, "the default monitor", "FindDefaultScorerId", {"'v4'"});
  print_plan(*s, "log?limit=100, default monitor", "ListRecentHistory", {"42", cutoff, "1", "1", "100"});
  print_plan(*s, "json?limit=10000, server 1, default monitor", "ListRecentHistoryNumbers",
             {"1", cutoff, "1", "1", "10000"});
  print_plan(*s, "monitor=*", "ListRecentHistory", {"42", cutoff, "NULL", "NULL", "100"});
  print_plan(*s, "since mode", "ListHistorySince", {"42", cutoff, "NULL", "NULL", "100"});
  print_plan(*s, "json monitors section", "ListServerScores", {"1"});
}

void report_ratio(const std::string& what, double measured, double target, bool higher_is_better) {
  double ratio = higher_is_better ? measured / target : target / measured;
  std::cout << what << ": " << std::fixed << std::setprecision(2) << measured << " (target "
            << (higher_is_better ? ">= " : "<= ") << target << "; ratio to target " << ratio << "x, "
            << (ratio >= 1 ? "met" : "NOT met") << ")\n";
}

int run_benchmark(const db::Dsn& dsn) {
  db::PoolOptions pool_options;
  pool_options.max_size = kThreads;
  pool_options.ping_on_acquire = false;  // as monitor-web
  db::Pool pool(dsn, pool_options);
  log::Logger logger(log::stderr_sink(), log::Level::warn);
  web::WebApp app(pool, [] { return kBenchNow; }, logger);
  web::ListenerOptions listener_options;
  listener_options.threads = kThreads;
  web::HttpListener listener("127.0.0.1:0", [&app](const web::WebRequest& r) { return app.handle(r); },
                             listener_options, logger);
  std::uint16_t port = listener.port();
  std::cout << "monitor-web (in-process, " << kThreads << " threads) on " << listener.address() << "\n";

  // Warm-up: every server's log once, so the buffer pool holds what the load will read.
  auto warm = std::chrono::steady_clock::now();
  bench_web::WrkResult warmup = bench_web::run_wrk(port, std::string(NTPMON_SOURCE_DIR) + "/bench/web/random_log.lua",
                                                  2, 16, 10);
  std::cout << "warm-up: " << warmup.requests << " requests in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - warm).count() << " s\n";

  std::cout << "\n== json?limit=10000 for one server (server 1: 10000 recentmedian rows, 1.0 MB)\n";
  auto json = bench_web::measure_latency(port, "/scores/10.0.0.1/json?limit=10000", 500);
  std::cout << std::fixed << std::setprecision(1);
  std::cout << "500 sequential requests: p50 " << json.p50_ms << " ms, p99 " << json.p99_ms << " ms, max "
            << json.max_ms << " ms, " << json.body_bytes << " bytes, " << json.failures << " failures\n";
  auto json_all = bench_web::measure_latency(port, "/scores/10.0.0.1/json?limit=10000&monitor=*", 200);
  std::cout << "(monitor=*: p50 " << json_all.p50_ms << " ms, p99 " << json_all.p99_ms << " ms, "
            << json_all.body_bytes << " bytes)\n";

  std::cout << "\n== log?limit=100 across random servers (wrk -t2 -c16 -d20s)\n";
  const std::string pid_file =
      env_or("BENCH_WEB_DB_DIR", std::string(NTPMON_SOURCE_DIR) + "/build/bench-web-db") + "/mysqld.pid";
  bench_web::CpuTimes before = bench_web::cpu_times(pid_file);
  bench_web::WrkResult load =
      bench_web::run_wrk(port, std::string(NTPMON_SOURCE_DIR) + "/bench/web/random_log.lua", 2, 16, 20);
  bench_web::CpuTimes after = bench_web::cpu_times(pid_file);
  std::cout << load.output;
  std::cout << "requests: " << load.requests << ", non-2xx: " << load.non_2xx << ", socket errors: "
            << load.socket_errors << ", latency p50 " << load.latency_p50 << ", p99 " << load.latency_p99 << "\n";
  // CPU per request, which the machine's other load does not change: what 2 idle cores allow.
  if (load.requests > 0) {
    double n = static_cast<double>(load.requests);
    double web_us = (after.self_s - before.self_s) / n * 1e6;
    double wrk_us = (after.children_s - before.children_s) / n * 1e6;
    std::cout << std::setprecision(0);
    std::cout << "CPU per request: monitor-web " << web_us << " us, wrk " << wrk_us << " us";
    if (before.database_s && after.database_s) {
      double db_us = (*after.database_s - *before.database_s) / n * 1e6;
      std::cout << ", mariadbd " << db_us << " us";
      std::cout << "; 2 idle cores would allow about " << 2e6 / (web_us + wrk_us + db_us) << " requests/s";
    }
    std::cout << "\n" << std::setprecision(2);
  }

  print_plans(dsn);

  std::cout << "\n== Results\n";
  report_ratio("json?limit=10000 p99 ms", json.p99_ms, kTargetP99Ms, false);
  report_ratio("log?limit=100 requests/s", load.requests_per_second, kTargetRequestsPerSecond, true);
  bool ok = json.p99_ms <= kTargetP99Ms && load.requests_per_second >= kTargetRequestsPerSecond &&
            json.failures == 0 && load.non_2xx == 0 && load.socket_errors == 0;
  return ok ? 0 : 1;
}

// bench-db.sh start/stop: the benchmark's own database server.
int bench_db(const std::string& command) {
  auto r = test::run_process({"/bin/bash", std::string(NTPMON_SOURCE_DIR) + "/bench/web/bench-db.sh", command});
  std::cout << r.out << r.err;
  return r.exit_status;
}

}  // namespace

int main() {
  try {
    if (bench_db("start") != 0) throw std::runtime_error("bench/web/bench-db.sh start failed");
    int status = 1;
    try {
      auto started = std::chrono::steady_clock::now();
      db::Dsn server = db::parse_dsn("monitor:test123@tcp(127.0.0.1:" + env_or("BENCH_WEB_DB_PORT", "3318") + ")/");
      db::Dsn dsn = bench_web::prepare_dataset(server, env_or("BENCH_WEB_DATABASE", "ntpmon_bench_web"),
                                               env_or("BENCH_WEB_REGENERATE", "0") == "1");
      bench_web::warm_buffer_pool(dsn);
      std::cout << "data set ready and read into the buffer pool after "
                << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s\n";
      status = run_benchmark(dsn);
    } catch (...) {
      if (env_or("BENCH_WEB_KEEP_DB", "0") != "1") bench_db("stop");
      throw;
    }
    if (env_or("BENCH_WEB_KEEP_DB", "0") != "1") bench_db("stop");
    return status;
  } catch (const std::exception& e) {
    std::cerr << "bench-web: " << e.what() << "\n";
    return 1;
  }
}
