#include "net/base_url.h"

#include <charconv>
#include <stdexcept>

namespace ntpmon::agent {

BaseUrl BaseUrl::parse(std::string_view text) {
  BaseUrl url;
  const std::size_t sep = text.find("://");
  if (sep == std::string_view::npos) throw std::invalid_argument("URL \"" + std::string(text) + "\" has no scheme");
  url.scheme = std::string(text.substr(0, sep));
  if (url.scheme != "https" && url.scheme != "http") {
    throw std::invalid_argument("URL \"" + std::string(text) + "\": the scheme must be https or http");
  }
  std::string_view rest = text.substr(sep + 3);
  const std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) throw std::invalid_argument("URL \"" + std::string(text) + "\": unclosed [");
    url.host = std::string(authority.substr(1, close - 1));
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') throw std::invalid_argument("URL \"" + std::string(text) + "\": junk after ]");
      port_text = after.substr(1);
    }
  } else {
    const std::size_t colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (url.host.empty()) throw std::invalid_argument("URL \"" + std::string(text) + "\" has no host");
  url.port = url.scheme == "https" ? 443 : 80;
  if (!port_text.empty()) {
    unsigned value = 0;
    const auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc() || p != port_text.data() + port_text.size() || value == 0 || value > 65535) {
      throw std::invalid_argument("URL \"" + std::string(text) + "\": bad port \"" + std::string(port_text) + "\"");
    }
    url.port = static_cast<std::uint16_t>(value);
  }
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  url.path_prefix = std::string(path);
  return url;
}

std::string BaseUrl::origin() const {
  const bool v6 = host.find(':') != std::string::npos;
  return scheme + "://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string BaseUrl::path(std::string_view p) const { return path_prefix + std::string(p); }

}  // namespace ntpmon::agent
