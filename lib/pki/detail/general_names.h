#pragma once
// Internal: validating host names and building subjectAltName values without going through
// OpenSSL's text configuration syntax (names come from requests; they must not be able to
// inject extra entries).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pki/detail/ossl.h"

namespace ntpmon::pki::detail {

// A DNS host name: 1..253 characters, dot-separated labels of 1..63 characters from
// [A-Za-z0-9-], not starting or ending with '-'. No wildcard, no trailing dot.
bool is_valid_dns_name(std::string_view name);

// The 4 or 16 address bytes of an IPv4/IPv6 literal, nullopt when `text` is not one.
std::optional<std::vector<unsigned char>> parse_ip_literal(std::string_view text);

// A subjectAltName value with DNS entries for `dns_names` and IP entries for `ip_addresses`
// (already validated / parsed by the caller).
GeneralNamesPtr make_general_names(const std::vector<std::string>& dns_names,
                                   const std::vector<std::vector<unsigned char>>& ip_addresses);

}  // namespace ntpmon::pki::detail
