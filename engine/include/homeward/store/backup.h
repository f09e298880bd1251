// Backups of the store: an online, consistent copy of a database file that a server may be
// writing, encrypted under the data key; and a restore that checks the backup (authentic,
// intact, opened by the key file, not newer than this build) before it replaces anything.
// docs/operations.md gives the procedure, docs/formats/backup.md the file.
//
// Thread-safety: each call works on its own connections and files.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "homeward/base/status.h"
#include "homeward/crypto/keyring.h"

namespace homeward::store {

// Told how far a stage ("copying", "encrypting", "decrypting") is, in its own units (pages or
// bytes).
using BackupProgress = std::function<void(std::string_view stage, uint64_t done, uint64_t total)>;

// Copies the database at `db_path` as it is at one moment (one read transaction over SQLite's
// online backup, so writers carry on) into a scratch file beside it, then writes that copy
// encrypted with keys.current() to `to` and removes the scratch file. FAILED_PRECONDITION when
// the database does not exist or `keys` does not open its sealed records; ALREADY_EXISTS when
// `to` exists.
Status BackupDatabase(const std::string& db_path, const crypto::Keyring& keys,
                      const std::string& to, const BackupProgress& progress);

// Replaces the database at `db_path` with the backup `from`. Decrypts it into a scratch file
// beside `db_path` and checks it (PRAGMA integrity_check, schema version, sealed records open
// with `keys`); only then, and only when no other process has the database open, renames it
// over `db_path`. On any error the database is left as it was: FAILED_PRECONDITION for a key
// file without the backup's key or a database in use, INVALID_ARGUMENT for a damaged backup.
Status RestoreDatabase(const std::string& from, const crypto::Keyring& keys,
                       const std::string& db_path, const BackupProgress& progress);

}  // namespace homeward::store
