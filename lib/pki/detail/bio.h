#pragma once
// Internal: memory BIOs to and from std::string.

#include <string>
#include <string_view>

#include "pki/detail/ossl.h"

namespace ntpmon::pki::detail {

// A read-only BIO over `data` (which must outlive it).
BioPtr memory_bio_over(std::string_view data);
// An empty writable memory BIO.
BioPtr new_memory_bio();
// Everything written to a memory BIO.
std::string bio_contents(BIO* bio);

}  // namespace ntpmon::pki::detail
