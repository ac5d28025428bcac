#pragma once
// Command-line parsing with the project's exit statuses: 0 after --help/--version, 2 for a
// usage error (CLI11's own codes differ).

#include <optional>

namespace CLI {
class App;
}

namespace ntpmon::config {

inline constexpr int kUsageErrorExitStatus = 2;

// Parses; prints help, version or the usage error as CLI11 does. Returns nullopt when the
// program should go on, else the exit status to return from main().
std::optional<int> parse_command_line(CLI::App& app, int argc, const char* const* argv);

}  // namespace ntpmon::config
