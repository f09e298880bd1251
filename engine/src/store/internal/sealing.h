// Keeping the sealed tables (internal::SealedTables()) sealed: the key check at open, the pass
// that seals the records of a database written before sealing, and the batches that re-seal
// records under the current key after a rotation. Private to the store.
#pragma once

#include <cstdint>

#include "homeward/base/status.h"
#include "homeward/crypto/keyring.h"
#include "internal/connection.h"

namespace homeward::store::internal {

// Which records a pass takes.
enum class Unsealed {
  kPlain,          // written plain (before sealing, or by a store without keys)
  kNotCurrentKey,  // plain, or sealed with another key than the keyring's current one
};

// Reads only. FAILED_PRECONDITION, with a message an operator can act on, when the database
// holds sealed records and `keys` is null, when records are sealed with a key `keys` lacks, or
// when a record of a key in use does not open with it (a wrong or altered key file).
Status CheckKeys(Connection& connection, const crypto::Keyring* keys);

// How many records of the sealed tables are `which`.
StatusOr<int64_t> CountUnsealed(Connection& connection, const crypto::Keyring& keys,
                                Unsealed which);

// Seals up to `limit` records that are `which` under keys.current() (opening them first when
// sealed) and returns how many; the caller runs it inside a write transaction. A record's
// updated_at stays: sealing changes how it is stored, not the record.
StatusOr<int64_t> SealBatch(Connection& connection, const crypto::Keyring& keys, Unsealed which,
                            int64_t limit);

}  // namespace homeward::store::internal
