#include "metrics/listen_address.h"

#include <charconv>
#include <stdexcept>

namespace ntpmon::metrics {

ListenAddress parse_listen_address(std::string_view text) {
  auto fail = [&](const std::string& why) -> std::invalid_argument {
    return std::invalid_argument("listen address \"" + std::string(text) + "\": " + why);
  };
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos) throw fail("expected host:port");
  std::string_view host = text.substr(0, colon);
  std::string_view port = text.substr(colon + 1);
  ListenAddress out;
  if (host.starts_with('[')) {
    if (!host.ends_with(']')) throw fail("unterminated '[' in IPv6 address");
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    throw fail("an IPv6 address needs brackets: [addr]:port");
  }
  out.host = host.empty() ? "0.0.0.0" : std::string(host);
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value > 65535) {
    throw fail("port must be a number from 0 to 65535");
  }
  out.port = static_cast<std::uint16_t>(value);
  return out;
}

}  // namespace ntpmon::metrics
