#pragma once
// A program running in the background during a test (monitor-api, ntppool-agent monitor):
// stdout and stderr go to a log file the test can read; the destructor stops it (SIGTERM,
// then SIGKILL after a grace period); PR_SET_PDEATHSIG kills it if the test process dies.

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ntpmon::agent::testing {

class BackgroundProcess {
 public:
  // env entries are added to (or replace) this process's environment.
  BackgroundProcess(std::vector<std::string> argv, std::map<std::string, std::string> env, std::string log_path);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  std::string log() const;
  // Waits until the log contains `text` (true) or `limit` passes.
  bool wait_for_log(const std::string& text, std::chrono::milliseconds limit) const;
  // Sends SIGTERM and waits up to `limit` for the exit; the exit status, or nullopt when it
  // did not exit in time (then it is killed).
  std::optional<int> terminate(std::chrono::milliseconds limit = std::chrono::seconds(5));
  // Waits for a normal exit; nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds limit);
  // VmRSS and VmHWM of the process in KiB (0 when unknown).
  long rss_kib() const;
  long peak_rss_kib() const;
  // Any "kB" field of /proc/<pid>/status (e.g. "RssAnon", "RssFile"); 0 when unknown.
  long status_kib(const std::string& field) const;
  // User + system CPU time consumed so far.
  std::chrono::milliseconds cpu_time() const;

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
  std::string log_path_;
};

}  // namespace ntpmon::agent::testing
