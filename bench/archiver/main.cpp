// bench-archiver: monitor-archiver over a 2,000,000-row log_scores table (target: at least
// 100,000 rows/s into Avro files). Each case is a real run of the program against the test
// database on 3308 (a fresh database), measured from outside: wall time of the whole run
// (connect, count, read, encode, fsync, marker) and the child's peak RSS (wait4). The
// per-batch rate the program logs is shown beside it. ClickHouse runs against a real
// clickhouse-server on loopback ports when it can start.
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <algorithm>
#include <string>
#include <vector>

#include "archiver_env.h"

extern char** environ;

namespace {

using ntpmon::test::ArchiverTestEnv;
using ntpmon::test::ClickHouseServer;

constexpr std::uint64_t kRows = 2000000;
constexpr double kTargetRowsPerSecond = 100000;

struct RunFigures {
  int exit_status = -1;
  double seconds = 0;
  double cpu_seconds = 0;         // the archiver's user + system time
  double server_cpu_seconds = 0;  // the database server's, over the same time (shared server)
  long peak_rss_kib = 0;
  std::string log;
};

// CPU seconds used so far by the MariaDB server process (the test database), 0 if not found.
double database_server_cpu_seconds() {
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::ifstream comm(entry.path() / "comm");
    std::string name;
    if (!(comm >> name) || (name != "mariadbd" && name != "mysqld")) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    auto close = text.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    double utime = 0, stime = 0;
    for (int i = 3; fields >> field; ++i) {
      if (i == 14) utime = std::stod(field);
      if (i == 15) {
        stime = std::stod(field);
        break;
      }
    }
    return (utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
  }
  return 0;
}

// Runs the program, waiting with wait4 for its resource usage.
RunFigures run_measured(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  std::map<std::string, std::string> merged;
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) merged[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& [k, v] : env) merged[k] = v;
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : merged) env_strings.push_back(k + "=" + v);
  std::vector<char*> argv, envp;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : env_strings) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  char log_path[] = "/tmp/bench-archiver-XXXXXX";
  int fd = ::mkstemp(log_path);
  ::close(fd);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log_path, O_WRONLY | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  double server_cpu_before = database_server_cpu_seconds();
  auto start = std::chrono::steady_clock::now();
  RunFigures f;
  if (::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data()) != 0) {
    posix_spawn_file_actions_destroy(&actions);
    return f;
  }
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  f.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  f.peak_rss_kib = usage.ru_maxrss;
  f.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                  static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  f.server_cpu_seconds = database_server_cpu_seconds() - server_cpu_before;
  std::ifstream in(log_path);
  f.log.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  ::unlink(log_path);
  return f;
}

// The rows/s of each "archived batch" line.
std::string batch_rates(const std::string& log) {
  std::regex line(R"(msg="archived batch".* rows=(\d+) .*rows_per_s=([0-9.e+]+))");
  std::string out;
  for (std::sregex_iterator it(log.begin(), log.end(), line), end; it != end; ++it) {
    if (!out.empty()) out += ", ";
    out += (*it)[1].str() + " rows @ " + std::to_string(static_cast<long>(std::stod((*it)[2].str()))) + "/s";
  }
  return out;
}

struct Case {
  std::string name;
  double rows_per_second = 0;
  long peak_rss_kib = 0;
  bool ok = false;
};

Case run_case(ArchiverTestEnv& env, const std::string& name, const std::string& archiver,
              const std::map<std::string, std::string>& extra) {
  env.db().run_script("DELETE FROM log_scores_archive_status");
  env.set_status(archiver, std::nullopt);
  for (const auto& f : std::filesystem::directory_iterator(env.avro_dir())) std::filesystem::remove_all(f.path());
  auto f = run_measured({ntpmon::test::program_path("monitor-archiver"), "archive"}, env.env(extra));
  Case c{name};
  auto marker = env.marker(archiver);
  c.ok = f.exit_status == 0 && marker == kRows;
  c.rows_per_second = static_cast<double>(kRows) / f.seconds;
  c.peak_rss_kib = f.peak_rss_kib;
  std::printf("%-28s %s: %.2f s for %llu rows = %.0f rows/s, peak RSS %.1f MiB; batches: %s\n", name.c_str(),
              c.ok ? "ok" : "FAILED", f.seconds, static_cast<unsigned long long>(kRows), c.rows_per_second,
              static_cast<double>(f.peak_rss_kib) / 1024.0, batch_rates(f.log).c_str());
  std::printf("%-28s CPU: archiver %.2f s, database server %.2f s (%.0f rows per CPU second of both)\n", "",
              f.cpu_seconds, f.server_cpu_seconds,
              static_cast<double>(kRows) / std::max(0.001, f.cpu_seconds + f.server_cpu_seconds));
  if (!c.ok) std::printf("%s\n", f.log.c_str());
  std::fflush(stdout);
  return c;
}

}  // namespace

int main() {
  try {
    std::printf("bench-archiver: preparing %llu log_scores rows...\n", static_cast<unsigned long long>(kRows));
    std::fflush(stdout);
    ArchiverTestEnv env("bench_archiver");
    auto t0 = std::chrono::steady_clock::now();
    env.insert_generated_rows(1, kRows, 1600000000);
    std::printf("fixture ready in %.1f s\n",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());

    // fileavro: the whole table in one batch (the original's limits allow 10,000,000 per file).
    std::map<std::string, std::string> avro{{"batch_avro_min_size", "1"}};
    avro["avro_codec"] = "snappy";
    Case snappy = run_case(env, "fileavro (snappy, default)", "fileavro", avro);
    avro["avro_codec"] = "null";
    run_case(env, "fileavro (null codec)", "fileavro", avro);
    avro["avro_codec"] = "deflate";
    run_case(env, "fileavro (deflate)", "fileavro", avro);

    try {
      ClickHouseServer ch;
      run_case(env, "clickhouse (4 x 500,000)", "clickhouse", {{"ch_dsn", ch.url()}});
    } catch (const ntpmon::test::ClickHouseUnavailable& e) {
      std::printf("clickhouse: skipped, server cannot run here: %s\n", e.what());
    }

    double ratio = snappy.rows_per_second / kTargetRowsPerSecond;
    std::printf("fileavro: %.0f rows/s (target %.0f rows/s): ratio %.2f -> %s\n", snappy.rows_per_second,
                kTargetRowsPerSecond, ratio, snappy.ok && ratio >= 1.0 ? "PASS" : "FAIL");
    return snappy.ok && ratio >= 1.0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench-archiver: %s\n", e.what());
    return 1;
  }
}
