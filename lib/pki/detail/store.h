#pragma once
// Internal: X509_STORE built from trust anchors.

#include <vector>

#include "pki/certificate.h"
#include "pki/detail/ossl.h"

namespace ntpmon::pki::detail {

X509StorePtr make_trust_store(const std::vector<Certificate>& trust_anchors);

}  // namespace ntpmon::pki::detail
