#pragma once
// Internal: owning smart pointers for OpenSSL objects. Every OpenSSL object the library
// creates lives in one of these, so nothing leaks on an early return or an exception.
// Not part of the public API (public headers do not include OpenSSL).

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace ntpmon::pki::detail {

template <auto FreeFn>
struct OsslDeleter {
  template <typename T>
  void operator()(T* p) const noexcept {
    FreeFn(p);
  }
};

// OPENSSL_free is a macro (it records file and line), so it needs a function of its own.
inline void openssl_free(void* p) noexcept { OPENSSL_free(p); }
inline void free_x509_stack(STACK_OF(X509)* s) noexcept { sk_X509_pop_free(s, X509_free); }
inline void free_extension_stack(STACK_OF(X509_EXTENSION)* s) noexcept {
  sk_X509_EXTENSION_pop_free(s, X509_EXTENSION_free);
}
inline void free_x509_name_stack(STACK_OF(X509_NAME)* s) noexcept {
  sk_X509_NAME_pop_free(s, X509_NAME_free);
}

using BioPtr = std::unique_ptr<BIO, OsslDeleter<BIO_free_all>>;
using BignumPtr = std::unique_ptr<BIGNUM, OsslDeleter<BN_free>>;
using Asn1IntegerPtr = std::unique_ptr<ASN1_INTEGER, OsslDeleter<ASN1_INTEGER_free>>;
using Asn1OctetStringPtr = std::unique_ptr<ASN1_OCTET_STRING, OsslDeleter<ASN1_OCTET_STRING_free>>;
using Asn1Ia5StringPtr = std::unique_ptr<ASN1_IA5STRING, OsslDeleter<ASN1_IA5STRING_free>>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, OsslDeleter<EVP_PKEY_free>>;
using EvpPkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, OsslDeleter<EVP_PKEY_CTX_free>>;
using X509Ptr = std::unique_ptr<X509, OsslDeleter<X509_free>>;
using X509ReqPtr = std::unique_ptr<X509_REQ, OsslDeleter<X509_REQ_free>>;
using X509NamePtr = std::unique_ptr<X509_NAME, OsslDeleter<X509_NAME_free>>;
using X509ExtensionPtr = std::unique_ptr<X509_EXTENSION, OsslDeleter<X509_EXTENSION_free>>;
using X509StorePtr = std::unique_ptr<X509_STORE, OsslDeleter<X509_STORE_free>>;
using X509StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, OsslDeleter<X509_STORE_CTX_free>>;
using X509StackPtr = std::unique_ptr<STACK_OF(X509), OsslDeleter<free_x509_stack>>;
using X509ExtensionStackPtr =
    std::unique_ptr<STACK_OF(X509_EXTENSION), OsslDeleter<free_extension_stack>>;
using X509NameStackPtr = std::unique_ptr<STACK_OF(X509_NAME), OsslDeleter<free_x509_name_stack>>;
using GeneralNamePtr = std::unique_ptr<GENERAL_NAME, OsslDeleter<GENERAL_NAME_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, OsslDeleter<GENERAL_NAMES_free>>;
using SslCtxPtr = std::unique_ptr<SSL_CTX, OsslDeleter<SSL_CTX_free>>;
using SslPtr = std::unique_ptr<SSL, OsslDeleter<SSL_free>>;
template <typename T>
using OpensslMallocPtr = std::unique_ptr<T, OsslDeleter<openssl_free>>;

}  // namespace ntpmon::pki::detail
