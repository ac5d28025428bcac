#pragma once
// IP address text as the data API reads it (spec scores-api.md §1.3.1): strict parsing and
// the canonical text form the servers table stores.

#include <optional>
#include <string>
#include <string_view>

namespace ntpmon::web {

// The canonical text of an IPv4 dotted quad (no leading zeros) or an IPv6 address (with
// "::" compression, an embedded IPv4 tail and an optional "%zone"): lowercase, RFC 5952
// compression (the longest run of two or more zero groups, the first of equal runs), an
// IPv4-mapped address as "::ffff:a.b.c.d", the zone kept. nullopt for anything else.
std::optional<std::string> canonical_ip(std::string_view text);

// True for 127.0.0.0/8 and ::1 (also as ::ffff:127.x.y.z).
bool is_loopback_address(std::string_view text);

}  // namespace ntpmon::web
