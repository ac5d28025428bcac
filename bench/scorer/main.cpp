// bench-scorer: `monitor-scorer run` catching up on a backlog of 1,000,000 log_scores rows
// (5,000 servers, 100 monitors, 10 monitors per server with a realistic mix of pair statuses
// and steps, 3 hours of data). Target: both scorers together >= 20,000 rows/s, i.e. the
// backlog scored by `every` AND `recentmedian` within 50 s, on this machine with the database
// on the same host.
//
// Reported: the wall time and rows/s of the whole run, each scorer's rows/s over the time its
// batches took (from the program's debug log), the scorer process's peak RSS (wait4), the
// database server's CPU time over the run, and as the hardware baseline a plain
// INSERT ... SELECT copy of the same rows into a table of the same shape.
//
//   bench-scorer [rows] [servers] [monitors] [monitor-scorer flags...]
#include <soci/soci.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "log/logger.h"
#include "log/sink.h"
#include "runner.h"
#include "scorer_scenario.h"
#include "subprocess.h"
#include "test_database.h"

extern char** environ;

namespace {

using namespace ntpmon;
using Clock = std::chrono::steady_clock;

constexpr double kTargetRowsPerSecond = 20000;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

long long count(soci::session& s, const std::string& sql) {
  long long n = 0;
  s << sql, soci::into(n);
  return n;
}

// CPU seconds (user + system) of the MariaDB server, from /proc (0 when not found).
double server_cpu_seconds() {
  std::ifstream pidfile(std::string(NTPMON_SOURCE_DIR) + "/build/test-db/mysqld.pid");
  long pid = 0;
  if (!(pidfile >> pid)) return 0;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(text.substr(close + 2));
  std::string field;
  std::vector<std::string> f;
  while (rest >> field) f.push_back(field);
  if (f.size() < 13) return 0;
  return static_cast<double>(std::stoll(f[11]) + std::stoll(f[12])) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

struct Run {
  int exit_status = -1;
  double seconds = 0;
  double cpu_seconds = 0;
  long peak_rss_kib = 0;
  std::string log;
};

Run run_scorer(const std::vector<std::string>& args, const std::string& dsn) {
  const std::string log_path = "/tmp/bench-scorer-" + std::to_string(::getpid()) + ".log";
  std::vector<std::string> argv{test::program_path("monitor-scorer")};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<std::string> env{"DATABASE_DSN=" + dsn, "LOG_LEVEL=debug"};
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    if (kv.rfind("DATABASE_DSN=", 0) != 0 && kv.rfind("LOG_LEVEL=", 0) != 0) env.push_back(kv);
  }
  std::vector<char*> cargv, cenv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  for (auto& e : env) cenv.push_back(e.data());
  cenv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 2, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = 0;
  const auto start = Clock::now();
  Run run;
  if (::posix_spawn(&pid, cargv[0], &actions, nullptr, cargv.data(), cenv.data()) != 0) {
    posix_spawn_file_actions_destroy(&actions);
    return run;
  }
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  run.seconds = seconds_since(start);
  run.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.peak_rss_kib = usage.ru_maxrss;
  run.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                    static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  std::ifstream in(log_path);
  run.log.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  std::remove(log_path.c_str());
  return run;
}

double parse_duration_seconds(const std::string& text) {
  // Go duration notation as the logger writes it: "1.5s", "250ms", "1m2.5s", "900µs".
  static const std::regex kPart("([0-9.]+)(ms|µs|us|ns|h|m|s)");
  double total = 0;
  for (std::sregex_iterator it(text.begin(), text.end(), kPart), end; it != end; ++it) {
    const double v = std::stod((*it)[1]);
    const std::string unit = (*it)[2];
    if (unit == "h") total += v * 3600;
    else if (unit == "m") total += v * 60;
    else if (unit == "s") total += v;
    else if (unit == "ms") total += v / 1e3;
    else if (unit == "µs" || unit == "us") total += v / 1e6;
    else total += v / 1e9;
  }
  return total;
}

struct ScorerFigures {
  double busy_seconds = 0;
  double read = 0, state = 0, score = 0, write = 0;  // phases of the batches
  long long rows = 0;
  long long written = 0;
  int batches = 0;
};

std::map<std::string, ScorerFigures> per_scorer(const std::string& log) {
  std::map<std::string, ScorerFigures> out;
  static const std::regex kLine(
      "msg=\"batch committed\" scorer=([a-z]+) .* rows=([0-9]+) scored=[0-9]+ log_scores=([0-9]+) .* "
      "duration=([^ ]+) read=([^ ]+) state=([^ ]+) score=([^ ]+) write=([^ ]+)");
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, kLine)) continue;
    auto& f = out[m[1]];
    f.rows += std::stoll(m[2]);
    f.written += std::stoll(m[3]);
    f.busy_seconds += parse_duration_seconds(m[4]);
    f.read += parse_duration_seconds(m[5]);
    f.state += parse_duration_seconds(m[6]);
    f.score += parse_duration_seconds(m[7]);
    f.write += parse_duration_seconds(m[8]);
    ++f.batches;
  }
  return out;
}

std::string loadavg() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

// `bench-scorer ... --profile`: the scorers in this process, one at a time, with the server's
// query profiler on their connection; prints where the statement time went, by statement.
void profile_in_process(test::TestDatabase& db, std::uint64_t batch_size) {
  auto session = db.connect();
  *session << "SET SESSION profiling = 1";
  *session << "SET SESSION profiling_history_size = 100";
  log::Logger logger(std::make_shared<log::MemorySink>(), log::Level::warn);
  scorer::RunnerOptions options;
  options.batch_size = batch_size;
  scorer::Runner runner(*session, logger, nullptr, options);
  std::map<std::string, std::pair<double, int>> by_statement;
  const auto start = Clock::now();
  for (;;) {
    *session << "SET SESSION profiling = 0";
    *session << "SET SESSION profiling = 1";  // clears the history
    const auto r = runner.round();
    soci::rowset<soci::row> rows = (session->prepare << "SHOW PROFILES");
    for (const auto& row : rows) {
      std::string q = row.get<std::string>(2);
      q = q.substr(0, 60);
      auto& e = by_statement[q];
      e.first += row.get<double>(1);
      ++e.second;
    }
    if (r.worked == 0) break;
  }
  std::printf("  in-process, one scorer at a time: %.1f s\n", seconds_since(start));
  std::vector<std::pair<double, std::string>> sorted;
  for (const auto& [q, e] : by_statement) sorted.emplace_back(e.first, q + " x" + std::to_string(e.second));
  std::sort(sorted.rbegin(), sorted.rend());
  for (std::size_t i = 0; i < sorted.size() && i < 25; ++i) {
    std::printf("  %8.3f s  %s\n", sorted[i].first, sorted[i].second.c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  test::ScenarioSpec spec;
  spec.rows = argc > 1 ? std::atoi(argv[1]) : 1000000;
  spec.servers = argc > 2 ? std::atoi(argv[2]) : 5000;
  spec.monitors = argc > 3 ? std::atoi(argv[3]) : 100;
  spec.pairs_per_server = 10;
  spec.span = std::chrono::hours(3);
  spec.seed = 42;

  std::cout << "bench-scorer: " << spec.rows << " log_scores rows, " << spec.servers << " servers, " << spec.monitors
            << " monitors (10 per server: 5 active, 2 testing, 2 candidate, 1 paused), 3 h of data\n";
  try {
    test::TestDatabase db("bench_scorer");
    auto& s = db.session();
    auto t = Clock::now();
    const auto scenario = test::make_scenario(spec);
    test::load_scenario_setup(s, scenario);
    test::load_scenario_rows(s, scenario.rows);
    std::cout << "  fixture loaded in " << seconds_since(t) << " s\n";

    // Hardware baseline: the same rows copied by the server alone.
    s << "CREATE TABLE log_scores_copy LIKE log_scores";
    t = Clock::now();
    s << "INSERT INTO log_scores_copy (server_id, monitor_id, ts, score, step, `offset`, rtt, attributes) "
         "SELECT server_id, monitor_id, ts, score, step, `offset`, rtt, attributes FROM log_scores";
    const double copy_seconds = seconds_since(t);
    s << "DROP TABLE log_scores_copy";
    const double copy_rate = spec.rows / copy_seconds;

    test::setup_scorers_from_start(s);
    std::cout << "  load average before the run: " << loadavg() << "\n";
    const double db_cpu_before = server_cpu_seconds();
    std::vector<std::string> args;
    bool profile = false;
    for (int i = 4; i < argc; ++i) {
      if (std::string(argv[i]) == "--profile") {
        profile = true;
      } else {
        args.emplace_back(argv[i]);
      }
    }
    if (profile) {
      profile_in_process(db, 10000);
      return 0;
    }
    args.emplace_back("run");
    const auto run = run_scorer(args, db.dsn_text());
    const double db_cpu = server_cpu_seconds() - db_cpu_before;
    if (run.exit_status != 0) {
      std::cerr << "monitor-scorer run failed (exit " << run.exit_status << "):\n" << run.log.substr(0, 4000) << "\n";
      return 1;
    }
    const auto figures = per_scorer(run.log);
    const long long last_id = count(s, "SELECT MAX(id) FROM log_scores WHERE monitor_id <= " +
                                           std::to_string(spec.monitors));
    const long long behind = count(s, "SELECT COUNT(*) FROM scorer_status WHERE log_score_id < " +
                                          std::to_string(last_id));

    const double rate = spec.rows / run.seconds;
    std::printf("  monitor-scorer run: %.1f s wall, %.1f s CPU, peak RSS %.1f MiB; database server CPU %.1f s\n",
                run.seconds, run.cpu_seconds, static_cast<double>(run.peak_rss_kib) / 1024.0, db_cpu);
    for (const auto& [name, f] : figures) {
      std::printf("  %-13s %8lld rows in %3d batches, %6.1f s busy: %8.0f rows/s; %lld log_scores rows written\n",
                  name.c_str(), f.rows, f.batches, f.busy_seconds, f.rows / std::max(f.busy_seconds, 1e-9), f.written);
      std::printf("  %-13s phases: read %.1f s, state %.1f s, compute %.1f s, write %.1f s\n", "", f.read, f.state,
                  f.score, f.write);
    }
    std::printf("  both scorers together: %.0f rows/s (target %.0f rows/s): ratio %.2f%s\n", rate,
                kTargetRowsPerSecond, rate / kTargetRowsPerSecond, behind > 0 ? "  (NOT caught up!)" : "");
    std::printf("  baseline INSERT ... SELECT copy of the %d rows: %.1f s, %.0f rows/s; scorer/baseline %.2f\n",
                spec.rows, copy_seconds, copy_rate, rate / copy_rate);
    std::cout << "  load average after the run: " << loadavg() << "\n";
    return behind > 0 ? 1 : 0;
  } catch (const std::exception& e) {
    std::cerr << "bench-scorer: " << e.what() << "\n";
    return 1;
  }
}
