#pragma once
// Runs a program to completion and captures what it printed, for tests of the command lines.

#include <map>
#include <string>
#include <vector>

namespace ntpmon::test {

struct ProcessResult {
  int exit_status = -1;  // -1: killed by a signal
  std::string out;
  std::string err;
};

// argv[0] is the program path. `env` is added to (or replaces entries of) this process's
// environment; a value of "\x01unset" removes the variable.
ProcessResult run_process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {},
                          const std::string& stdin_text = {});

// build/bin/<name>
std::string program_path(const std::string& name);

}  // namespace ntpmon::test
