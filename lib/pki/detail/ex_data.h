#pragma once
// Internal: attaching a C++ object to an SSL_CTX for the context's lifetime (its ex_data
// slot frees it when the context is freed or the slot is overwritten through here).

#include <memory>

#include "pki/detail/openssl_error.h"
#include "pki/detail/ossl.h"

namespace ntpmon::pki::detail {

template <typename T>
class CtxSlot {
 public:
  // One ex_data index per T, allocated on first use (thread-safe static initialisation).
  static int index() {
    static const int idx = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, &free_slot);
    return idx;
  }

  // Stores `value` in ctx, destroying any previous value; returns the stored object.
  static T* attach(SSL_CTX* ctx, std::unique_ptr<T> value) {
    const int idx = index();
    if (idx < 0) throw_openssl_error("cannot allocate SSL_CTX ex_data index");
    std::unique_ptr<T> previous(static_cast<T*>(SSL_CTX_get_ex_data(ctx, idx)));
    if (SSL_CTX_set_ex_data(ctx, idx, value.get()) != 1) {
      (void)previous.release();  // still stored in ctx
      throw_openssl_error("cannot attach data to SSL_CTX");
    }
    return value.release();
  }

  static T* get(const SSL_CTX* ctx) { return static_cast<T*>(SSL_CTX_get_ex_data(ctx, index())); }

 private:
  static void free_slot(void* /*parent*/, void* ptr, CRYPTO_EX_DATA* /*ad*/, int /*idx*/,
                        long /*argl*/, void* /*argp*/) {
    std::unique_ptr<T> owned(static_cast<T*>(ptr));
  }
};

}  // namespace ntpmon::pki::detail
