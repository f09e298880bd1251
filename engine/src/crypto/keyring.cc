#include "homeward/crypto/keyring.h"

#include <sodium.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include "internal/key_file.h"
#include "internal/libsodium.h"

namespace homeward::crypto {
namespace {

// crypto_kdf contexts (8 characters each) and subkey numbers.
constexpr char kRecordContext[] = "hwrecord";
constexpr char kBackupContext[] = "hwbackup";
constexpr char kKeyIdContext[] = "hwkeyid_";

// The systemd credential name (LoadCredential=homeward-data-key:/path/to/file).
constexpr char kCredentialName[] = "homeward-data-key";

}  // namespace

struct DataKey::Secret {
  unsigned char key[kKeyBytes];
  unsigned char record[kKeyBytes];
  unsigned char backup[kKeyBytes];
};

DataKey::DataKey() {
  internal::EnsureSodium();
  secret_ = static_cast<Secret*>(sodium_malloc(sizeof(Secret)));
  if (secret_ == nullptr) std::abort();
}

DataKey::DataKey(DataKey&& other) noexcept
    : secret_(std::exchange(other.secret_, nullptr)), id_(std::move(other.id_)) {}

DataKey& DataKey::operator=(DataKey&& other) noexcept {
  if (this != &other) {
    if (secret_ != nullptr) sodium_free(secret_);
    secret_ = std::exchange(other.secret_, nullptr);
    id_ = std::move(other.id_);
  }
  return *this;
}

DataKey::~DataKey() {
  if (secret_ != nullptr) sodium_free(secret_);  // wipes before freeing
}

DataKey DataKey::Generate() {
  DataKey key;
  crypto_kdf_keygen(key.secret_->key);
  auto made = FromBytes({reinterpret_cast<const char*>(key.secret_->key), kKeyBytes});
  return std::move(made).value();
}

StatusOr<DataKey> DataKey::FromBytes(std::string_view bytes) {
  if (bytes.size() != kKeyBytes) return Status::InvalidArgument("a data key is 32 bytes");
  DataKey key;
  std::memcpy(key.secret_->key, bytes.data(), kKeyBytes);
  crypto_kdf_derive_from_key(key.secret_->record, kKeyBytes, 1, kRecordContext, key.secret_->key);
  crypto_kdf_derive_from_key(key.secret_->backup, kKeyBytes, 2, kBackupContext, key.secret_->key);
  unsigned char id[crypto_kdf_BYTES_MIN];
  crypto_kdf_derive_from_key(id, sizeof id, 3, kKeyIdContext, key.secret_->key);
  key.id_ = internal::Base64Url(id, 6);
  return key;
}

std::string DataKey::Encoded() const {
  return internal::Base64Url(secret_->key, kKeyBytes);
}

DataKey DataKey::Copy() const {
  return std::move(FromBytes({reinterpret_cast<const char*>(secret_->key), kKeyBytes})).value();
}

const unsigned char* DataKey::record_key() const {
  return secret_->record;
}

const unsigned char* DataKey::backup_key() const {
  return secret_->backup;
}

StatusOr<Keyring> Keyring::Make(std::vector<DataKey> keys) {
  if (keys.empty()) return Status::InvalidArgument("a keyring needs at least one key");
  for (size_t i = 0; i < keys.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (keys[i].id() == keys[j].id()) {
        return Status::InvalidArgument("key " + keys[i].id() + " is listed twice");
      }
    }
  }
  return Keyring(std::make_shared<const std::vector<DataKey>>(std::move(keys)));
}

Keyring Keyring::Generate() {
  std::vector<DataKey> keys;
  keys.push_back(DataKey::Generate());
  return Keyring(std::make_shared<const std::vector<DataKey>>(std::move(keys)));
}

Keyring Keyring::Rotated() const {
  std::vector<DataKey> keys;
  keys.push_back(DataKey::Generate());
  for (const DataKey& key : *keys_) keys.push_back(key.Copy());
  return Keyring(std::make_shared<const std::vector<DataKey>>(std::move(keys)));
}

const DataKey* Keyring::Find(std::string_view id) const {
  for (const DataKey& key : *keys_) {
    if (key.id() == id) return &key;
  }
  return nullptr;
}

// Opens its file like ReadSigningKeyFile in crypto/signature.cc; the keys differ, and a key file
// may hold many.
StatusOr<Keyring> ReadKeyFile(const std::string& path) {
  HW_RETURN_IF_ERROR(internal::CheckOwnerOnly(path, "key file"));
  std::ifstream in(path);
  if (!in) return Status::FailedPrecondition("key file " + path + " cannot be read");
  std::vector<DataKey> keys;
  HW_RETURN_IF_ERROR(internal::ForEachKeyLine(in, [&](int number, std::string& line) {
    std::optional<std::string> bytes = internal::FromBase64Url(line);
    StatusOr<DataKey> key = bytes ? DataKey::FromBytes(*bytes)
                                  : StatusOr<DataKey>(Status::InvalidArgument("not base64url"));
    if (bytes) sodium_memzero(bytes->data(), bytes->size());
    if (!key.ok()) {
      return Status::InvalidArgument("key file " + path + ", line " + std::to_string(number) +
                                     ": not a data key (43 base64url characters)");
    }
    keys.push_back(std::move(key).value());
    return Status::Ok();
  }));
  if (keys.empty()) return Status::FailedPrecondition("key file " + path + " holds no key");
  StatusOr<Keyring> keyring = Keyring::Make(std::move(keys));
  if (!keyring.ok())
    return Status::InvalidArgument("key file " + path + ": " + keyring.status().message());
  return keyring;
}

Status WriteKeyFile(const std::string& path, const Keyring& keyring, bool replace) {
  std::string text =
      "# Homeward data keys, newest first: the first seals, every one opens.\n"
      "# Keep this file readable by the service only (0600) and keep a copy apart from the\n"
      "# backups: without it neither the database nor a backup can be read.\n";
  for (const DataKey& key : keyring.keys()) text += key.Encoded() + "\n";
  Status written = internal::WriteFileAtomically(path, text, 0600, replace, "key file");
  sodium_memzero(text.data(), text.size());
  return written;
}

StatusOr<std::string> LocateKeyFile(const std::string& key_file) {
  if (!key_file.empty()) return key_file;
  const char* credentials = std::getenv("CREDENTIALS_DIRECTORY");
  if (credentials != nullptr && *credentials != '\0') {
    std::string path = std::string(credentials) + "/" + kCredentialName;
    if (::access(path.c_str(), F_OK) == 0) return path;
  }
  return Status::NotFound(
      "no data key: give --key-file FILE (homeward-admin create-key makes one) or the systemd "
      "credential homeward-data-key");
}

}  // namespace homeward::crypto
