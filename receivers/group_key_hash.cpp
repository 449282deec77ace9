#include "receivers/group_key_hash.h"

#include <openssl/evp.h>

#include <cstdlib>

namespace overlord {

std::string GroupKeyHash(std::string_view group_key) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // Fails only when OpenSSL cannot allocate; nothing sensible can be sent then.
  if (EVP_Digest(group_key.data(), group_key.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    std::abort();
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xf]);
  }
  return out;
}

}  // namespace overlord
