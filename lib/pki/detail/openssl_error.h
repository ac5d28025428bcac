#pragma once
// Internal: turning OpenSSL's thread-local error queue into PkiError messages.

#include <string>
#include <string_view>

namespace ntpmon::pki::detail {

// Empties the queue and returns its entries as "reason (lib:func); ..." text, oldest first;
// empty when the queue was empty.
std::string drain_openssl_errors();

// Discards stale entries (call before an operation whose failure is reported by the queue).
void clear_openssl_errors() noexcept;

// Throws PkiError("<what>: <queue text>") (just "<what>" when the queue is empty).
[[noreturn]] void throw_openssl_error(std::string_view what);

}  // namespace ntpmon::pki::detail
