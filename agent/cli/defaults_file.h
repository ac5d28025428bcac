#pragma once
// /etc/default/ntppool-agent (spec/agent.md §2.5): KEY=VALUE lines loaded into the process
// environment before the command line is read, without overriding variables that are
// already set (an empty value counts as set).

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ntpmon::agent {

inline constexpr const char* kDefaultsFilePath = "/etc/default/ntppool-agent";

// Split at the first '=', key and value trimmed; lines without '=' and empty keys skipped;
// no quotes, comments or `export` handling (such lines give odd, harmless names).
std::vector<std::pair<std::string, std::string>> parse_defaults(std::string_view text);

// Applies the file when it exists; returns the variables it set. Throws std::runtime_error
// "could not open defaults file: ..." / "error reading defaults file: ...".
std::vector<std::pair<std::string, std::string>> apply_defaults_file(const std::filesystem::path& path);

}  // namespace ntpmon::agent
