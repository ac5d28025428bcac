#pragma once
// Internal: reading fields of X.509 objects.

#include <chrono>
#include <string>
#include <vector>

#include "pki/detail/ossl.h"

namespace ntpmon::pki::detail {

std::chrono::sys_seconds to_sys_seconds(const ASN1_TIME* time);
void set_asn1_time(ASN1_TIME* target, std::chrono::sys_seconds value);

// Lowercase hex of a non-negative serial, whole bytes ("00" for zero); "-" prefix if negative.
std::string serial_to_hex(const ASN1_INTEGER* serial);

// The (first) commonName of a name, empty when absent.
std::string common_name(const X509_NAME* name);

// DNS and IP entries of a GENERAL_NAMES list (IP as text).
void collect_names(const GENERAL_NAMES* names, std::vector<std::string>* dns,
                   std::vector<std::string>* ips);

}  // namespace ntpmon::pki::detail
