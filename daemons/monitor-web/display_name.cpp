#include "display_name.h"

namespace ntpmon::web {

std::string monitor_display_name(const std::optional<std::string>& tls_name, std::string_view location,
                                 std::uint32_t id) {
  if (tls_name && !tls_name->empty()) {
    auto dot = tls_name->find('.');
    if (dot == std::string::npos || dot == 0) return *tls_name;
    return tls_name->substr(0, dot);
  }
  if (!location.empty()) return std::string(location) + " (" + std::to_string(id) + ")";
  return std::to_string(id);
}

}  // namespace ntpmon::web
