// Sealed records: a stored document encrypted and authenticated with XChaCha20-Poly1305 under
// the keyring's current key, bound to its table and row id (a sealed document copied into
// another row does not open). Format in docs/formats/sealed-records.md:
//
//   "s1" <key id, 8 chars> base64url(nonce (24 bytes) || ciphertext || tag (16 bytes))
//
// Plain JSON documents start with '{', so sealed and plain documents are told apart by their
// first character.
//
// Thread-safety: the functions are safe to call from any number of threads.
#pragma once

#include <string>
#include <string_view>

#include "homeward/base/status.h"
#include "homeward/crypto/keyring.h"

namespace homeward::crypto {

// The first characters of every sealed document of this format.
inline constexpr std::string_view kSealedPrefix = "s1";

// True when `stored` is a sealed document (of any key).
bool IsSealed(std::string_view stored);
// The id of the key that sealed `stored`; empty when it is not sealed.
std::string_view SealedKeyId(std::string_view stored);

// `plaintext` sealed for row `id` of `table` under keyring.current().
std::string Seal(const Keyring& keyring, std::string_view table, std::string_view id,
                 std::string_view plaintext);

// The plaintext of a sealed document. FAILED_PRECONDITION when no key of the keyring has its
// key id; INTERNAL when it is malformed or does not authenticate for this table and row (a
// wrong key, a change, or a document moved from another row).
StatusOr<std::string> Open(const Keyring& keyring, std::string_view table, std::string_view id,
                           std::string_view sealed);

}  // namespace homeward::crypto
