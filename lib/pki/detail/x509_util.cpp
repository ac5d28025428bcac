#include "pki/detail/x509_util.h"

#include <arpa/inet.h>

#include <cctype>
#include <ctime>

#include "pki/detail/openssl_error.h"
#include "pki/error.h"

namespace ntpmon::pki::detail {

std::chrono::sys_seconds to_sys_seconds(const ASN1_TIME* time) {
  std::tm tm{};
  if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) throw_openssl_error("invalid certificate time");
  using namespace std::chrono;
  const year_month_day date{year{tm.tm_year + 1900}, month{static_cast<unsigned>(tm.tm_mon + 1)},
                            day{static_cast<unsigned>(tm.tm_mday)}};
  return sys_days{date} + hours{tm.tm_hour} + minutes{tm.tm_min} + seconds{tm.tm_sec};
}

void set_asn1_time(ASN1_TIME* target, std::chrono::sys_seconds value) {
  const auto t = static_cast<time_t>(value.time_since_epoch().count());
  if (ASN1_TIME_set(target, t) == nullptr) throw_openssl_error("cannot set certificate time");
}

std::string serial_to_hex(const ASN1_INTEGER* serial) {
  BignumPtr bn(ASN1_INTEGER_to_BN(serial, nullptr));
  if (!bn) throw_openssl_error("cannot read certificate serial number");
  OpensslMallocPtr<char> hex(BN_bn2hex(bn.get()));
  if (!hex) throw_openssl_error("cannot format certificate serial number");
  std::string text(hex.get());
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (text == "0") text = "00";
  return text;
}

std::string common_name(const X509_NAME* name) {
  if (name == nullptr) return {};
  const int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (index < 0) return {};
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  const int len = ASN1_STRING_to_UTF8(&utf8, data);
  if (len < 0) {
    clear_openssl_errors();
    return {};
  }
  OpensslMallocPtr<unsigned char> owned(utf8);
  return std::string(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(len));
}

void collect_names(const GENERAL_NAMES* names, std::vector<std::string>* dns,
                   std::vector<std::string>* ips) {
  if (names == nullptr) return;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names, i);
    if (gn->type == GEN_DNS && dns != nullptr) {
      const ASN1_IA5STRING* s = gn->d.dNSName;
      dns->emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                        static_cast<std::size_t>(ASN1_STRING_length(s)));
    } else if (gn->type == GEN_IPADD && ips != nullptr) {
      const ASN1_OCTET_STRING* s = gn->d.iPAddress;
      const unsigned char* bytes = ASN1_STRING_get0_data(s);
      const int len = ASN1_STRING_length(s);
      char text[INET6_ADDRSTRLEN] = {};
      if (len == 4 && inet_ntop(AF_INET, bytes, text, sizeof text) != nullptr) {
        ips->emplace_back(text);
      } else if (len == 16 && inet_ntop(AF_INET6, bytes, text, sizeof text) != nullptr) {
        ips->emplace_back(text);
      }
    }
  }
}

}  // namespace ntpmon::pki::detail
