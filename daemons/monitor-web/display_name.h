#pragma once
// The name shown for a monitor (spec scores-api.md §1.3.4).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ntpmon::web {

// tls_name up to its first '.' (the whole tls_name when it has none or starts with one);
// else "<location> (<id>)" when location is set; else the id.
std::string monitor_display_name(const std::optional<std::string>& tls_name, std::string_view location,
                                 std::uint32_t id);

}  // namespace ntpmon::web
