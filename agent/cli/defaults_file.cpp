#include "cli/defaults_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ntpmon::agent {
namespace {

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_defaults(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = trim(line.substr(0, eq));
    if (key.empty()) continue;
    out.emplace_back(std::string(key), std::string(trim(line.substr(eq + 1))));
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> apply_defaults_file(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("could not open defaults file: " + path.string() + ": " + std::strerror(errno));
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw std::runtime_error("error reading defaults file: " + path.string());
  std::vector<std::pair<std::string, std::string>> applied;
  for (auto& [key, value] : parse_defaults(buffer.str())) {
    if (std::getenv(key.c_str()) != nullptr) continue;
    if (::setenv(key.c_str(), value.c_str(), 0) == 0) applied.emplace_back(key, value);
  }
  return applied;
}

}  // namespace ntpmon::agent
