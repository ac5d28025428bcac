#pragma once
// A base URL such as "https://api.test.mon.ntppool.dev" or "https://localhost:8443/prefix/":
// the origin the HTTP client connects to and the path prefix endpoint paths are appended to.

#include <cstdint>
#include <string>
#include <string_view>

namespace ntpmon::agent {

struct BaseUrl {
  std::string scheme;       // "https" or "http"
  std::string host;         // without brackets
  std::uint16_t port = 0;   // explicit or the scheme's default
  std::string path_prefix;  // "" or "/prefix" (no trailing slash)

  // Throws std::invalid_argument naming the problem (scheme, host, port).
  static BaseUrl parse(std::string_view text);
  // "https://host:port" with brackets around IPv6 literals.
  std::string origin() const;
  // path_prefix + path (path starts with '/').
  std::string path(std::string_view path) const;
  std::string to_string() const { return origin() + path_prefix; }
};

}  // namespace ntpmon::agent
