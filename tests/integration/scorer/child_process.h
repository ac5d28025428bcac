#pragma once
// A program running in the background during a test (SIGKILL mid-batch, two scorers at
// once): started with its output in temporary files, signalled, waited for.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace ntpmon::test {

class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env);
  ~ChildProcess();  // kills and reaps a child still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  void signal(int sig);
  // The exit status (-signal when killed by one); nullopt when still running after `timeout`.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  bool running();
  std::string stderr_text() const;
  std::string stdout_text() const;

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
  std::string out_path_;
  std::string err_path_;
};

}  // namespace ntpmon::test
