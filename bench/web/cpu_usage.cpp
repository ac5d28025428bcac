#include "cpu_usage.h"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace ntpmon::bench_web {
namespace {

double seconds(const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; }

// utime + stime of a process from /proc/<pid>/stat.
std::optional<double> process_cpu(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto close = text.rfind(')');  // the command name may contain spaces
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; fields >> field; ++i) {  // field 3 is the state
    if (i == 14) utime = std::stoull(field);
    if (i == 15) {
      stime = std::stoull(field);
      return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
    }
  }
  return std::nullopt;
}

}  // namespace

CpuTimes cpu_times(const std::string& database_pid_file) {
  CpuTimes out;
  rusage self{}, children{};
  getrusage(RUSAGE_SELF, &self);
  getrusage(RUSAGE_CHILDREN, &children);
  out.self_s = seconds(self.ru_utime) + seconds(self.ru_stime);
  out.children_s = seconds(children.ru_utime) + seconds(children.ru_stime);
  std::ifstream pid_file(database_pid_file);
  long pid = 0;
  if (pid_file >> pid && pid > 0) out.database_s = process_cpu(pid);
  return out;
}

}  // namespace ntpmon::bench_web
