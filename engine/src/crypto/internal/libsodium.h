// libsodium set up once per process, and base64url without padding. Private to the crypto
// component.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace homeward::crypto::internal {

// Calls sodium_init() once; aborts when libsodium cannot start (no source of randomness).
void EnsureSodium();

std::string Base64Url(const unsigned char* bytes, size_t size);
// nullopt for anything that is not unpadded base64url.
std::optional<std::string> FromBase64Url(std::string_view text);

}  // namespace homeward::crypto::internal
