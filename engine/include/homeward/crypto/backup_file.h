// Encrypted backup files: a file's bytes encrypted and authenticated in 64 KiB chunks with
// libsodium's secretstream (XChaCha20-Poly1305) under a key derived from a data key, so that a
// changed, reordered or truncated backup is refused. Format in docs/formats/backup.md.
//
// Thread-safety: the functions share nothing; call them from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "homeward/base/status.h"
#include "homeward/crypto/keyring.h"

namespace homeward::crypto {

// Told of the bytes done so far out of the total.
using Progress = std::function<void(uint64_t done, uint64_t total)>;

// Writes `source` encrypted under `key` to `destination`, created with mode 0600 (ALREADY_EXISTS
// when it exists), synced before returning. On an error the destination is removed.
Status EncryptFile(const std::string& source, const std::string& destination, const DataKey& key,
                   const Progress& progress);

// The id of the key a backup was made with; INVALID_ARGUMENT when `path` is not a backup.
StatusOr<std::string> BackupKeyId(const std::string& path);

// Writes the plaintext of the backup `source` to `destination` (created 0600; ALREADY_EXISTS when
// it exists) with the key of `keyring` it was made with. FAILED_PRECONDITION when the keyring
// lacks that key; INVALID_ARGUMENT when `source` is not a backup, or is damaged or truncated
// (nothing but authenticated bytes is ever written, and the destination is removed on any error).
Status DecryptFile(const std::string& source, const std::string& destination,
                   const Keyring& keyring, const Progress& progress);

}  // namespace homeward::crypto
