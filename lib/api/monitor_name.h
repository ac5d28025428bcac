#pragma once
// Monitor identities (spec/api.md §0, §3.2): a tls_name is
//   <location><n>-<account id_token>.<env>.<monitor domain>    e.g. defra3-1gw2pjj.test.mon.ntppool.dev
// shared by the IPv4 and IPv6 rows of one agent; it is the DNS SAN of the agent's certificate.

#include <optional>
#include <string>
#include <string_view>

namespace ntpmon::api {

inline constexpr const char* kDefaultMonitorDomain = "mon.ntppool.dev";

// §3.2's IsValidMonitorDNSName with the suffix as a parameter: `name` ends with "." + domain,
// has exactly two labels before it (host.env), is at most 253 characters, has no '*', and
// every label is 1-63 characters of [A-Za-z0-9-] not starting or ending with '-'.
bool is_valid_monitor_name(std::string_view name, std::string_view domain = kDefaultMonitorDomain);

// The part before the first dot ("defra3-1gw2pjj"); the whole name when it has no dot.
std::string display_name(std::string_view tls_name);

// "<location><n>-<account_token>.<env>.<domain>"; nullopt unless the result is a valid
// monitor name.
std::optional<std::string> make_tls_name(std::string_view location, int n, std::string_view account_token,
                                         std::string_view env, std::string_view domain = kDefaultMonitorDomain);

}  // namespace ntpmon::api
