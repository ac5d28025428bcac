#include "config/cli.h"

#include <CLI/CLI.hpp>

namespace ntpmon::config {

std::optional<int> parse_command_line(CLI::App& app, int argc, const char* const* argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == static_cast<int>(CLI::ExitCodes::Success) ? 0 : kUsageErrorExitStatus;
  }
  return std::nullopt;
}

}  // namespace ntpmon::config
