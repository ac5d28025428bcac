#pragma once
// CPU time used by this process, by finished child processes (wrk) and by the database server,
// so bench-web can report the CPU cost of a request, which the machine's other load does not
// change, beside the wall-clock figures, which it does.

#include <optional>
#include <string>

namespace ntpmon::bench_web {

struct CpuTimes {
  double self_s = 0;      // this process (the in-process monitor-web), user + system
  double children_s = 0;  // waited-for children (wrk)
  std::optional<double> database_s;  // mariadbd, when its pid file is readable
};

// `database_pid_file`: the test server's pid file (scripts/test-db.sh: build/test-db/mysqld.pid).
CpuTimes cpu_times(const std::string& database_pid_file);

}  // namespace ntpmon::bench_web
