#include "pki/detail/key_util.h"

#include <openssl/ec.h>
#include <openssl/objects.h>

#include "pki/error.h"

namespace ntpmon::pki::detail {
namespace {

// The NID of an EC key's named curve, NID_undef when it has none.
int ec_curve_nid(const EVP_PKEY* pkey) {
  char name[80];
  size_t len = 0;
  if (EVP_PKEY_get_group_name(pkey, name, sizeof name, &len) != 1) return NID_undef;
  int nid = OBJ_sn2nid(name);  // "prime256v1", "secp384r1"
  if (nid == NID_undef) nid = EC_curve_nist2nid(name);  // "P-256", "P-384"
  return nid;
}

}  // namespace

KeyAlgorithm key_algorithm(const EVP_PKEY* pkey) {
  if (EVP_PKEY_is_a(pkey, "RSA") == 1) return KeyAlgorithm::kRsa;
  if (EVP_PKEY_is_a(pkey, "ED25519") == 1) return KeyAlgorithm::kEd25519;
  if (EVP_PKEY_is_a(pkey, "EC") == 1) {
    switch (ec_curve_nid(pkey)) {
      case NID_X9_62_prime256v1:
        return KeyAlgorithm::kEcP256;
      case NID_secp384r1:
        return KeyAlgorithm::kEcP384;
      default:
        return KeyAlgorithm::kOther;
    }
  }
  return KeyAlgorithm::kOther;
}

std::string describe_key(const EVP_PKEY* pkey) {
  switch (key_algorithm(pkey)) {
    case KeyAlgorithm::kEcP256:
      return "EC P-256";
    case KeyAlgorithm::kEcP384:
      return "EC P-384";
    case KeyAlgorithm::kEd25519:
      return "Ed25519";
    case KeyAlgorithm::kRsa:
      return "RSA " + std::to_string(EVP_PKEY_get_bits(pkey));
    case KeyAlgorithm::kOther:
      break;
  }
  std::string text;
  const char* type = EVP_PKEY_get0_type_name(pkey);
  text = type != nullptr ? type : "unknown";
  if (EVP_PKEY_is_a(pkey, "EC") == 1) {
    char name[80];
    size_t len = 0;
    if (EVP_PKEY_get_group_name(pkey, name, sizeof name, &len) == 1) {
      text += " ";
      text += name;
    } else {
      text += " (no named curve)";
    }
  } else if (const int bits = EVP_PKEY_get_bits(pkey); bits > 0) {
    text += " " + std::to_string(bits);
  }
  return text;
}

void require_acceptable_key(const EVP_PKEY* pkey, std::string_view whose) {
  auto reject = [&](std::string_view reason) {
    throw PkiError(std::string(whose) + " key " + describe_key(pkey) +
                   " is not acceptable: " + std::string(reason));
  };
  switch (key_algorithm(pkey)) {
    case KeyAlgorithm::kRsa: {
      const int bits = EVP_PKEY_get_bits(pkey);
      if (bits < kMinRsaBits) reject("RSA keys need at least " + std::to_string(kMinRsaBits) + " bits");
      if (bits > kMaxRsaBits) reject("RSA keys may have at most " + std::to_string(kMaxRsaBits) + " bits");
      return;
    }
    case KeyAlgorithm::kEcP256:
    case KeyAlgorithm::kEcP384:
    case KeyAlgorithm::kEd25519:
      return;
    case KeyAlgorithm::kOther:
      break;
  }
  reject("allowed are RSA (2048 bits or more), EC P-256, EC P-384 and Ed25519");
}

const EVP_MD* signing_digest(const EVP_PKEY* pkey) {
  switch (key_algorithm(pkey)) {
    case KeyAlgorithm::kEd25519:
      return nullptr;
    case KeyAlgorithm::kEcP384:
      return EVP_sha384();
    default:
      return EVP_sha256();
  }
}

}  // namespace ntpmon::pki::detail
