#include "homeward/crypto/signature.h"

#include <sodium.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <optional>

#include "internal/key_file.h"
#include "internal/libsodium.h"

namespace homeward::crypto {
namespace {

static_assert(kVerifyKeyBytes == crypto_sign_PUBLICKEYBYTES);
static_assert(kSigningKeyBytes == crypto_sign_SECRETKEYBYTES);
static_assert(kSignatureBytes == crypto_sign_BYTES);

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// The bytes of base64url `text` when they are exactly `size` long.
std::optional<std::string> DecodeExactly(std::string_view text, size_t size) {
  std::optional<std::string> bytes = internal::FromBase64Url(text);
  if (bytes && bytes->size() != size) {
    sodium_memzero(bytes->data(), bytes->size());
    return std::nullopt;
  }
  return bytes;
}

}  // namespace

StatusOr<VerifyKey> VerifyKey::FromBytes(std::string_view bytes) {
  if (bytes.size() != kVerifyKeyBytes) {
    return Status::InvalidArgument("an Ed25519 public key is 32 bytes");
  }
  VerifyKey key;
  std::memcpy(key.key_.data(), bytes.data(), kVerifyKeyBytes);
  return key;
}

StatusOr<VerifyKey> VerifyKey::Decode(std::string_view text) {
  std::optional<std::string> bytes = DecodeExactly(text, kVerifyKeyBytes);
  if (!bytes) return Status::InvalidArgument("not a public key (43 base64url characters)");
  return FromBytes(*bytes);
}

std::string VerifyKey::Encoded() const {
  return internal::Base64Url(key_.data(), key_.size());
}

bool VerifyKey::Verify(std::string_view message, std::string_view signature) const {
  internal::EnsureSodium();
  if (signature.size() != kSignatureBytes) return false;
  return crypto_sign_verify_detached(Bytes(signature), Bytes(message), message.size(),
                                     key_.data()) == 0;
}

SigningKey::~SigningKey() {
  sodium_memzero(key_.data(), key_.size());
}

SigningKey SigningKey::Generate() {
  internal::EnsureSodium();
  SigningKey key;
  unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
  crypto_sign_keypair(public_key, key.key_.data());
  return key;
}

StatusOr<SigningKey> SigningKey::Decode(std::string_view text) {
  internal::EnsureSodium();
  std::optional<std::string> bytes = DecodeExactly(text, kSigningKeyBytes);
  if (!bytes) return Status::InvalidArgument("not a secret key (86 base64url characters)");
  // The secret key is the seed then the public key: both halves must belong together.
  SigningKey key;
  unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
  crypto_sign_seed_keypair(public_key, key.key_.data(), Bytes(*bytes));
  const bool matches = sodium_memcmp(key.key_.data(), bytes->data(), kSigningKeyBytes) == 0;
  sodium_memzero(bytes->data(), bytes->size());
  if (!matches) {
    return Status::InvalidArgument("not a secret key: its public half does not match its seed");
  }
  return key;
}

std::string SigningKey::Encoded() const {
  return internal::Base64Url(key_.data(), key_.size());
}

VerifyKey SigningKey::verify_key() const {
  unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
  crypto_sign_ed25519_sk_to_pk(public_key, key_.data());
  return std::move(
             VerifyKey::FromBytes({reinterpret_cast<const char*>(public_key), sizeof public_key}))
      .value();
}

std::string SigningKey::Sign(std::string_view message) const {
  internal::EnsureSodium();
  std::string signature(kSignatureBytes, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr, Bytes(message),
                       message.size(), key_.data());
  return signature;
}

std::string EncodeSignature(std::string_view signature) {
  return internal::Base64Url(Bytes(signature), signature.size());
}

StatusOr<std::string> DecodeSignature(std::string_view text) {
  std::optional<std::string> bytes = DecodeExactly(text, kSignatureBytes);
  if (!bytes) return Status::InvalidArgument("not a signature (86 base64url characters)");
  return *std::move(bytes);
}

StatusOr<std::vector<VerifyKey>> ReadVerifyKeyFile(const std::string& path) {
  if (::access(path.c_str(), F_OK) != 0) {
    return Status::NotFound("public key file " + path + " does not exist");
  }
  std::ifstream in(path);
  if (!in) return Status::FailedPrecondition("public key file " + path + " cannot be read");
  std::vector<VerifyKey> keys;
  HW_RETURN_IF_ERROR(internal::ForEachKeyLine(in, [&](int number, std::string& line) {
    StatusOr<VerifyKey> key = VerifyKey::Decode(line);
    if (!key.ok()) {
      return Status::InvalidArgument("public key file " + path + ", line " +
                                     std::to_string(number) + ": " + key.status().message());
    }
    keys.push_back(*key);
    return Status::Ok();
  }));
  if (keys.empty()) return Status::InvalidArgument("public key file " + path + " holds no key");
  return keys;
}

StatusOr<std::vector<VerifyKey>> ReadVerifyKeyFiles(const std::vector<std::string>& paths) {
  std::vector<VerifyKey> keys;
  for (const std::string& path : paths) {
    HW_ASSIGN_OR_RETURN(std::vector<VerifyKey> more, ReadVerifyKeyFile(path));
    keys.insert(keys.end(), more.begin(), more.end());
  }
  return keys;
}

StatusOr<SigningKey> ReadSigningKeyFile(const std::string& path) {
  HW_RETURN_IF_ERROR(internal::CheckOwnerOnly(path, "secret key file"));
  std::ifstream in(path);
  if (!in) return Status::FailedPrecondition("secret key file " + path + " cannot be read");
  std::optional<SigningKey> found;
  HW_RETURN_IF_ERROR(internal::ForEachKeyLine(in, [&](int number, std::string& line) {
    const std::string where = "secret key file " + path + ", line " + std::to_string(number);
    if (found) return Status::InvalidArgument(where + ": a secret key file holds one key");
    StatusOr<SigningKey> key = SigningKey::Decode(line);
    if (!key.ok()) return Status::InvalidArgument(where + ": " + key.status().message());
    found = *key;
    return Status::Ok();
  }));
  if (!found) return Status::InvalidArgument("secret key file " + path + " holds no key");
  return *found;
}

Status WriteSigningKeyFiles(const std::string& secret_path, const std::string& public_path,
                            const SigningKey& key) {
  for (const std::string& path : {secret_path, public_path}) {
    std::ifstream exists(path);
    if (exists) return Status::AlreadyExists(path + " exists");
  }
  std::string secret =
      "# Homeward plugin signing key (Ed25519 secret key, base64url). Keep it readable by you\n"
      "# only (0600) and off the servers: whoever holds it can sign plugins they trust.\n" +
      key.Encoded() + "\n";
  Status written = internal::WriteFileAtomically(secret_path, secret, 0600, /*replace=*/false,
                                                 "secret key file");
  sodium_memzero(secret.data(), secret.size());
  HW_RETURN_IF_ERROR(written);
  const std::string public_text =
      "# Homeward plugin signing public key (Ed25519, base64url): give it to servers with\n"
      "# --plugin-trust-key.\n" +
      key.verify_key().Encoded() + "\n";
  return internal::WriteFileAtomically(public_path, public_text, 0644, /*replace=*/false,
                                       "public key file");
}

}  // namespace homeward::crypto
