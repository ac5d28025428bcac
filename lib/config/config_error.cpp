#include "config/config_error.h"

#include <iostream>

namespace ntpmon::config {

int report_config_error(const ConfigError& error, std::ostream& out, const std::string& program) {
  if (!program.empty()) out << program << ": ";
  out << "configuration error: " << error.what() << '\n';
  out.flush();
  return kConfigErrorExitStatus;
}

int report_config_error(const ConfigError& error, const std::string& program) {
  return report_config_error(error, std::cerr, program);
}

}  // namespace ntpmon::config
