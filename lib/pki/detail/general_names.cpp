#include "pki/detail/general_names.h"

#include <arpa/inet.h>

#include <climits>

#include "pki/detail/openssl_error.h"

namespace ntpmon::pki::detail {

bool is_valid_dns_name(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  std::size_t label_start = 0;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '.') {
      const std::string_view label = name.substr(label_start, i - label_start);
      if (label.empty() || label.size() > 63) return false;
      if (label.front() == '-' || label.back() == '-') return false;
      label_start = i + 1;
      continue;
    }
    const char c = name[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-';
    if (!ok) return false;
  }
  return true;
}

std::optional<std::vector<unsigned char>> parse_ip_literal(std::string_view text) {
  const std::string s(text);
  unsigned char buf[16];
  if (inet_pton(AF_INET, s.c_str(), buf) == 1) return std::vector<unsigned char>(buf, buf + 4);
  if (inet_pton(AF_INET6, s.c_str(), buf) == 1) return std::vector<unsigned char>(buf, buf + 16);
  return std::nullopt;
}

GeneralNamesPtr make_general_names(const std::vector<std::string>& dns_names,
                                   const std::vector<std::vector<unsigned char>>& ip_addresses) {
  GeneralNamesPtr names(sk_GENERAL_NAME_new_null());
  if (!names) throw_openssl_error("cannot allocate subjectAltName");
  auto push = [&](GeneralNamePtr gn) {
    if (sk_GENERAL_NAME_push(names.get(), gn.get()) <= 0) {
      throw_openssl_error("cannot build subjectAltName");
    }
    (void)gn.release();  // now owned by the stack
  };
  for (const auto& dns : dns_names) {
    Asn1Ia5StringPtr value(ASN1_IA5STRING_new());
    if (!value || dns.size() > static_cast<std::size_t>(INT_MAX) ||
        ASN1_STRING_set(value.get(), dns.data(), static_cast<int>(dns.size())) != 1) {
      throw_openssl_error("cannot encode DNS name '" + dns + "'");
    }
    GeneralNamePtr gn(GENERAL_NAME_new());
    if (!gn) throw_openssl_error("cannot allocate subjectAltName entry");
    GENERAL_NAME_set0_value(gn.get(), GEN_DNS, value.release());
    push(std::move(gn));
  }
  for (const auto& ip : ip_addresses) {
    Asn1OctetStringPtr value(ASN1_OCTET_STRING_new());
    if (!value || ASN1_OCTET_STRING_set(value.get(), ip.data(), static_cast<int>(ip.size())) != 1) {
      throw_openssl_error("cannot encode IP address");
    }
    GeneralNamePtr gn(GENERAL_NAME_new());
    if (!gn) throw_openssl_error("cannot allocate subjectAltName entry");
    GENERAL_NAME_set0_value(gn.get(), GEN_IPADD, value.release());
    push(std::move(gn));
  }
  return names;
}

}  // namespace ntpmon::pki::detail
