#include "pki/detail/openssl_error.h"

#include <openssl/err.h>

#include "pki/error.h"

namespace ntpmon::pki::detail {

std::string drain_openssl_errors() {
  std::string text;
  const char* data = nullptr;
  int flags = 0;
  while (unsigned long code = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags)) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    if (!text.empty()) text += "; ";
    text += buf;
    if ((flags & ERR_TXT_STRING) != 0 && data != nullptr && *data != '\0') {
      text += " (";
      text += data;
      text += ")";
    }
  }
  return text;
}

void clear_openssl_errors() noexcept { ERR_clear_error(); }

void throw_openssl_error(std::string_view what) {
  std::string message(what);
  const std::string queue = drain_openssl_errors();
  if (!queue.empty()) {
    message += ": ";
    message += queue;
  }
  throw PkiError(message);
}

}  // namespace ntpmon::pki::detail
