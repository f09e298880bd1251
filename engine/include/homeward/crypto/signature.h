// Ed25519 signatures (libsodium crypto_sign_detached), used to sign plugin manifests: key pairs,
// signing, verification, and the text forms of keys and signatures.
//
// Text forms (docs/plugin-guide.md, "Signing"), all base64url without padding:
// - a public key: the 32-byte key, 43 characters;
// - a secret key: libsodium's 64-byte secret key (the 32-byte seed, then the public key), 86
//   characters;
// - a signature: the 64-byte detached signature, 86 characters.
// A key file holds one key a line; blank lines and lines starting with '#' are ignored. A public
// key file may list several keys; a secret key file holds exactly one and must be readable by its
// owner only (0600).
//
// Thread-safety: keys are immutable once built and safe to share between threads.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/base/status.h"

namespace homeward::crypto {

inline constexpr size_t kVerifyKeyBytes = 32;
inline constexpr size_t kSigningKeyBytes = 64;
inline constexpr size_t kSignatureBytes = 64;

// An Ed25519 public key: checks signatures.
class VerifyKey {
 public:
  // The key of these 32 bytes; INVALID_ARGUMENT for another length.
  static StatusOr<VerifyKey> FromBytes(std::string_view bytes);
  // The key written as text (43 base64url characters); INVALID_ARGUMENT otherwise.
  static StatusOr<VerifyKey> Decode(std::string_view text);

  // The key as text, as written in a public key file.
  std::string Encoded() const;
  // True when `signature` (64 bytes, as Sign() returns it) is this key's signature of `message`.
  bool Verify(std::string_view message, std::string_view signature) const;

  bool operator==(const VerifyKey& other) const { return key_ == other.key_; }
  bool operator!=(const VerifyKey& other) const { return !(*this == other); }

 private:
  VerifyKey() = default;
  std::array<unsigned char, kVerifyKeyBytes> key_{};
};

// An Ed25519 secret key: makes signatures. The bytes are wiped when the key is destroyed.
class SigningKey {
 public:
  // A fresh random key.
  static SigningKey Generate();
  // The key written as text (86 base64url characters of a libsodium secret key whose public half
  // matches its seed); INVALID_ARGUMENT otherwise.
  static StatusOr<SigningKey> Decode(std::string_view text);

  SigningKey(const SigningKey& other) = default;
  SigningKey& operator=(const SigningKey& other) = default;
  ~SigningKey();

  // The key as text, as written in a secret key file.
  std::string Encoded() const;
  // The public half.
  VerifyKey verify_key() const;
  // The 64-byte detached signature of `message`.
  std::string Sign(std::string_view message) const;

 private:
  SigningKey() = default;
  std::array<unsigned char, kSigningKeyBytes> key_{};
};

// A signature as text (86 base64url characters), and back: INVALID_ARGUMENT for anything else.
std::string EncodeSignature(std::string_view signature);
StatusOr<std::string> DecodeSignature(std::string_view text);

// Reads a public key file. NOT_FOUND when it does not exist; INVALID_ARGUMENT when a line is not
// a public key or the file holds none. Messages name the path and the line.
StatusOr<std::vector<VerifyKey>> ReadVerifyKeyFile(const std::string& path);
// The keys of every public key file in `paths`, in order; the first error of ReadVerifyKeyFile.
StatusOr<std::vector<VerifyKey>> ReadVerifyKeyFiles(const std::vector<std::string>& paths);
// Reads a secret key file. NOT_FOUND when it does not exist; FAILED_PRECONDITION when group or
// others may read it; INVALID_ARGUMENT unless it holds exactly one secret key. Messages never
// show the key.
StatusOr<SigningKey> ReadSigningKeyFile(const std::string& path);

// Writes the secret key file (mode 0600) and the public key file (0644) of `key`, each
// atomically. ALREADY_EXISTS, writing neither, when either file exists.
Status WriteSigningKeyFiles(const std::string& secret_path, const std::string& public_path,
                            const SigningKey& key);

}  // namespace homeward::crypto
