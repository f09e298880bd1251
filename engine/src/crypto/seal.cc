#include "homeward/crypto/seal.h"

#include <sodium.h>

#include "internal/libsodium.h"

namespace homeward::crypto {
namespace {

constexpr size_t kHeaderChars = kSealedPrefix.size() + kKeyIdChars;
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;

// What the tag binds besides the plaintext: the format, the key id, the table and the row.
std::string AssociatedData(std::string_view key_id, std::string_view table, std::string_view id) {
  std::string data;
  data.reserve(kHeaderChars + table.size() + id.size() + 2);
  data.append(kSealedPrefix).append(key_id).append(1, '\0').append(table).append(1, '\0');
  data.append(id);
  return data;
}

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

}  // namespace

bool IsSealed(std::string_view stored) {
  return stored.size() > kHeaderChars && stored.substr(0, kSealedPrefix.size()) == kSealedPrefix;
}

std::string_view SealedKeyId(std::string_view stored) {
  if (!IsSealed(stored)) return {};
  return stored.substr(kSealedPrefix.size(), kKeyIdChars);
}

std::string Seal(const Keyring& keyring, std::string_view table, std::string_view id,
                 std::string_view plaintext) {
  const DataKey& key = keyring.current();
  const std::string ad = AssociatedData(key.id(), table, id);
  std::string box(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(out, kNonceBytes);
  unsigned long long sealed_size = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out + kNonceBytes, &sealed_size, Bytes(plaintext),
                                             plaintext.size(), Bytes(ad), ad.size(), nullptr, out,
                                             key.record_key());
  std::string stored;
  stored.reserve(kHeaderChars + (box.size() * 4 + 2) / 3);
  stored.append(kSealedPrefix).append(key.id());
  stored += internal::Base64Url(out, box.size());
  return stored;
}

StatusOr<std::string> Open(const Keyring& keyring, std::string_view table, std::string_view id,
                           std::string_view sealed) {
  if (!IsSealed(sealed)) return Status::Internal("a stored record is not sealed");
  const std::string_view key_id = SealedKeyId(sealed);
  const DataKey* key = keyring.Find(key_id);
  if (key == nullptr) {
    return Status::FailedPrecondition("a record is sealed with key " + std::string(key_id) +
                                      ", which the key file does not hold");
  }
  std::optional<std::string> box = internal::FromBase64Url(sealed.substr(kHeaderChars));
  if (!box || box->size() < kNonceBytes + kTagBytes) {
    return Status::Internal("a sealed record is malformed");
  }
  const std::string ad = AssociatedData(key_id, table, id);
  const auto* in = reinterpret_cast<const unsigned char*>(box->data());
  std::string plaintext(box->size() - kNonceBytes - kTagBytes, '\0');
  unsigned long long size = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plaintext.data()), &size, nullptr, in + kNonceBytes,
          box->size() - kNonceBytes, Bytes(ad), ad.size(), in, key->record_key()) != 0) {
    return Status::Internal("a sealed record does not open with key " + std::string(key_id) +
                            " (altered, or moved from another row)");
  }
  plaintext.resize(size);
  return plaintext;
}

}  // namespace homeward::crypto
