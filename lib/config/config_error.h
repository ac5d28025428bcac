#pragma once
// A configuration error: a one-line message naming the setting (or file) and where the bad
// value came from. Programs exit with status 2 on it.

#include <iosfwd>
#include <stdexcept>
#include <string>

namespace ntpmon::config {

inline constexpr int kConfigErrorExitStatus = 2;

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Prints "<program>: configuration error: <message>" (or without the program name when it is
// empty) as one line and returns kConfigErrorExitStatus, for `return report_config_error(...)`.
int report_config_error(const ConfigError& error, std::ostream& out,
                        const std::string& program = {});
// The same on std::cerr.
int report_config_error(const ConfigError& error, const std::string& program = {});

}  // namespace ntpmon::config
