// Errors of sqlgen: every one names a file and a line and stops generation.
#pragma once

#include <stdexcept>
#include <string>

namespace ntpmon::sqlgen {

class CodegenError : public std::runtime_error {
 public:
  CodegenError(std::string file, int line, const std::string& message)
      : std::runtime_error(message), file_(std::move(file)), line_(line) {}

  const std::string& file() const noexcept { return file_; }
  int line() const noexcept { return line_; }
  // "file:line: message", as printed on stderr.
  std::string formatted() const { return file_ + ":" + std::to_string(line_) + ": " + what(); }

 private:
  std::string file_;
  int line_;
};

}  // namespace ntpmon::sqlgen
