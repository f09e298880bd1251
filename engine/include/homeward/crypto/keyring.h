// Data keys: the 256-bit keys that seal personal records at rest and encrypt backups
// (docs/formats/sealed-records.md), and the key file that holds them.
//
// A key file lists one or more keys, newest first: the first seals, every one opens. Rotation
// puts a new key first and keeps the older ones until no record and no kept backup needs them
// (docs/operations.md).
//
// Thread-safety: a DataKey and a Keyring are immutable once built and safe to share between
// threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/base/status.h"

namespace homeward::crypto {

// Bytes of a data key, and of each key derived from it.
inline constexpr size_t kKeyBytes = 32;
// Characters of a key id (base64url of 6 bytes derived from the key).
inline constexpr size_t kKeyIdChars = 8;

// One data key. The key and the keys derived from it live in memory that is locked against
// swapping and wiped when freed. Move-only.
class DataKey {
 public:
  // A fresh random key.
  static DataKey Generate();
  // The key of these 32 bytes; INVALID_ARGUMENT for another length.
  static StatusOr<DataKey> FromBytes(std::string_view bytes);

  DataKey(DataKey&&) noexcept;
  DataKey& operator=(DataKey&&) noexcept;
  ~DataKey();

  // A short public name of the key (8 base64url characters), stored beside what it seals so
  // that the right key is found; it reveals nothing of the key.
  const std::string& id() const { return id_; }
  // The key as written in a key file (base64url, 43 characters).
  std::string Encoded() const;
  // The key that seals records (XChaCha20-Poly1305) and the one that encrypts backups
  // (libsodium secretstream), derived from the data key under separate contexts.
  const unsigned char* record_key() const;
  const unsigned char* backup_key() const;
  // Another DataKey holding the same key.
  DataKey Copy() const;

 private:
  struct Secret;
  DataKey();
  Secret* secret_ = nullptr;  // sodium_malloc'd
  std::string id_;
};

// The keys of a key file: the first seals, every one opens.
class Keyring {
 public:
  // INVALID_ARGUMENT when `keys` is empty or lists one key twice.
  static StatusOr<Keyring> Make(std::vector<DataKey> keys);
  // A keyring of one fresh random key.
  static Keyring Generate();
  // A keyring with a fresh random key first (it seals from now on), then every key of this one.
  Keyring Rotated() const;

  const DataKey& current() const { return keys_->front(); }
  // The key with this id, or null.
  const DataKey* Find(std::string_view id) const;
  const std::vector<DataKey>& keys() const { return *keys_; }

 private:
  explicit Keyring(std::shared_ptr<const std::vector<DataKey>> keys) : keys_(std::move(keys)) {}
  std::shared_ptr<const std::vector<DataKey>> keys_;
};

// Reads a key file. NOT_FOUND when it does not exist; FAILED_PRECONDITION when group or others
// may read it, or it holds no key; INVALID_ARGUMENT when a line is not a key. Messages name the
// path and the line, never a key.
StatusOr<Keyring> ReadKeyFile(const std::string& path);

// Writes `keyring` to `path` (mode 0600), atomically: a temporary file beside it, synced, then
// renamed over it. ALREADY_EXISTS when `path` exists and `replace` is false.
Status WriteKeyFile(const std::string& path, const Keyring& keyring, bool replace);

// Where the server finds its key file: `key_file` when given, else the systemd credential
// `homeward-data-key` under $CREDENTIALS_DIRECTORY when that is set; NOT_FOUND otherwise.
StatusOr<std::string> LocateKeyFile(const std::string& key_file);

}  // namespace homeward::crypto
