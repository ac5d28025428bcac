#include "pki/detail/bio.h"

#include <climits>

#include "pki/detail/openssl_error.h"
#include "pki/error.h"

namespace ntpmon::pki::detail {

BioPtr memory_bio_over(std::string_view data) {
  if (data.size() > static_cast<std::size_t>(INT_MAX)) throw PkiError("PEM input too large");
  BioPtr bio(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
  if (!bio) throw_openssl_error("cannot allocate a memory BIO");
  return bio;
}

BioPtr new_memory_bio() {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio) throw_openssl_error("cannot allocate a memory BIO");
  return bio;
}

std::string bio_contents(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  if (len <= 0 || data == nullptr) return {};
  return std::string(data, static_cast<std::size_t>(len));
}

}  // namespace ntpmon::pki::detail
