#include "internal/sealing.h"

#include <string>
#include <utility>
#include <vector>

#include "homeward/crypto/seal.h"
#include "internal/resources.h"

namespace homeward::store::internal {
namespace {

// Tables of a later schema version are absent from an older file until it is migrated.
StatusOr<bool> TableExists(Connection& connection, std::string_view table) {
  HW_ASSIGN_OR_RETURN(Statement select,
                      connection.Prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                                         "AND name = ?1"));
  select.Bind(1, table);
  HW_RETURN_IF_ERROR(select.Step().status());
  return select.Int(0) > 0;
}

// The condition on `doc` selecting the records `which` takes; binds the current key's prefix
// as ?1 when it needs it.
std::string Condition(Unsealed which) {
  return which == Unsealed::kPlain ? "substr(doc, 1, 2) <> 's1'" : "substr(doc, 1, 10) <> ?1";
}

std::string CurrentPrefix(const crypto::Keyring& keys) {
  return std::string(crypto::kSealedPrefix) + keys.current().id();
}

}  // namespace

Status CheckKeys(Connection& connection, const crypto::Keyring* keys) {
  for (std::string_view table : SealedTables()) {
    HW_ASSIGN_OR_RETURN(bool exists, TableExists(connection, table));
    if (!exists) continue;
    const std::string name(table);  // a compile-time table name, never caller text
    HW_ASSIGN_OR_RETURN(Statement in_use,
                        connection.Prepare("SELECT substr(doc, 3, 8), min(id) FROM " + name +
                                           " WHERE substr(doc, 1, 2) = 's1' GROUP BY 1"));
    std::vector<std::pair<std::string, std::string>> samples;  // key id, a record sealed with it
    for (;;) {
      HW_ASSIGN_OR_RETURN(bool row, in_use.Step());
      if (!row) break;
      samples.emplace_back(in_use.Text(0), in_use.Text(1));
    }
    for (const auto& [key_id, id] : samples) {
      if (keys == nullptr) {
        return Status::FailedPrecondition(
            "the database holds sealed records and no data key was given (--key-file)");
      }
      if (keys->Find(key_id) == nullptr) {
        return Status::FailedPrecondition(
            "records in " + name + " are sealed with key " + key_id +
            ", which the key file does not hold: is it the key file of this database?");
      }
      HW_ASSIGN_OR_RETURN(Statement select,
                          connection.Prepare("SELECT doc FROM " + name + " WHERE id = ?1"));
      select.Bind(1, id);
      HW_RETURN_IF_ERROR(select.Step().status());
      if (!crypto::Open(*keys, table, id, select.Text(0)).ok()) {
        return Status::FailedPrecondition("key " + key_id + " of the key file does not open the " +
                                          name +
                                          " records sealed with it: the key file or the database "
                                          "was altered");
      }
    }
  }
  return Status::Ok();
}

StatusOr<int64_t> CountUnsealed(Connection& connection, const crypto::Keyring& keys,
                                Unsealed which) {
  int64_t count = 0;
  for (std::string_view table : SealedTables()) {
    HW_ASSIGN_OR_RETURN(bool exists, TableExists(connection, table));
    if (!exists) continue;
    HW_ASSIGN_OR_RETURN(Statement select,
                        connection.Prepare("SELECT count(*) FROM " + std::string(table) +
                                           " WHERE " + Condition(which)));
    if (which == Unsealed::kNotCurrentKey) select.Bind(1, CurrentPrefix(keys));
    HW_RETURN_IF_ERROR(select.Step().status());
    count += select.Int(0);
  }
  return count;
}

StatusOr<int64_t> SealBatch(Connection& connection, const crypto::Keyring& keys, Unsealed which,
                            int64_t limit) {
  int64_t sealed = 0;
  for (std::string_view table : SealedTables()) {
    if (sealed >= limit) break;
    HW_ASSIGN_OR_RETURN(bool exists, TableExists(connection, table));
    if (!exists) continue;
    const std::string name(table);
    std::vector<std::pair<std::string, std::string>> rows;  // id, stored doc
    {
      HW_ASSIGN_OR_RETURN(Statement select,
                          connection.Prepare("SELECT id, doc FROM " + name + " WHERE " +
                                             Condition(which) + " LIMIT ?2"));
      if (which == Unsealed::kNotCurrentKey) select.Bind(1, CurrentPrefix(keys));
      select.Bind(2, limit - sealed);
      for (;;) {
        HW_ASSIGN_OR_RETURN(bool row, select.Step());
        if (!row) break;
        rows.emplace_back(select.Text(0), select.Text(1));
      }
    }
    for (auto& [id, doc] : rows) {
      std::string plain = std::move(doc);
      if (crypto::IsSealed(plain)) {
        HW_ASSIGN_OR_RETURN(plain, crypto::Open(keys, table, id, plain));
      }
      HW_ASSIGN_OR_RETURN(Statement update,
                          connection.Prepare("UPDATE " + name + " SET doc = ?1 WHERE id = ?2"));
      HW_RETURN_IF_ERROR(update.Bind(1, crypto::Seal(keys, table, id, plain)).Bind(2, id).Run());
      ++sealed;
    }
  }
  return sealed;
}

}  // namespace homeward::store::internal
