#include "homeward/crypto/digest.h"

#include <sodium.h>

#include <array>
#include <cstdint>

#include "internal/libsodium.h"

namespace homeward::crypto {
namespace {

// Lowercase hex of `size` bytes.
std::string Hex(const unsigned char* bytes, size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();  // the terminating NUL
  return hex;
}

}  // namespace

std::string FieldsDigest(std::initializer_list<std::string_view> fields) {
  internal::EnsureSodium();
  constexpr size_t kBytes = kFieldsDigestChars / 2;
  static_assert(kBytes >= crypto_generichash_BYTES_MIN && kBytes <= crypto_generichash_BYTES_MAX);
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, kBytes);
  for (std::string_view field : fields) {
    std::array<unsigned char, 8> length{};
    uint64_t size = field.size();
    for (unsigned char& byte : length) {
      byte = static_cast<unsigned char>(size & 0xff);
      size >>= 8;
    }
    crypto_generichash_update(&state, length.data(), length.size());
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(field.data()),
                              field.size());
  }
  std::array<unsigned char, kBytes> digest{};
  crypto_generichash_final(&state, digest.data(), digest.size());
  return Hex(digest.data(), digest.size());
}

std::string Sha256Hex(std::string_view bytes) {
  internal::EnsureSodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  return Hex(digest.data(), digest.size());
}

}  // namespace homeward::crypto
