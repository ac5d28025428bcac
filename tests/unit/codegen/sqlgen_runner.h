// Runs the sqlgen executable for the tests.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ntpmon::sqlgen::test {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs sqlgen with `args` in directory `workdir`.
RunResult run_sqlgen(const std::filesystem::path& workdir, const std::vector<std::string>& args);

// A fresh empty directory under the system temp directory.
std::filesystem::path make_temp_dir(const std::string& label);

std::string read_text(const std::filesystem::path& path);
void write_text(const std::filesystem::path& path, const std::string& text);

}  // namespace ntpmon::sqlgen::test
