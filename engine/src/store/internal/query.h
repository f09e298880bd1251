// Pieces of SQL shared by the repositories: filter clauses, keyset cursors, JSON documents.
// Private to the store.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "homeward/base/status.h"
#include "homeward/store/repository.h"
#include "internal/connection.h"

namespace homeward::store::internal {

// A WHERE clause under construction and the values to bind to its parameters, in order.
struct Where {
  std::string sql;  // "" or " WHERE a IN (?, ?) AND b IN (?)"
  std::vector<std::string> values;

  void Add(std::string_view condition);
};

// Adds one "column IN (...)" condition per filter; INVALID_ARGUMENT for a column not in
// `allowed`. An empty value list becomes a condition no row meets.
Status AddFilters(const Filters& filters, const std::vector<std::string_view>& allowed,
                  Where& where);

// Binds `where.values` to parameters 1..n and returns the next free parameter index.
int BindAll(Statement& statement, const std::vector<std::string>& values);

// The position after a record in a list ordered by (time, id).
struct ListKey {
  std::string time;
  std::string id;
};

// An opaque cursor for `key` (base64url of its parts).
std::string EncodeCursor(const ListKey& key);
// The key of a cursor made by EncodeCursor for a record with this id prefix; INVALID_ARGUMENT
// for anything else.
StatusOr<ListKey> DecodeCursor(std::string_view cursor, std::string_view id_prefix);

// INVALID_ARGUMENT unless 1 <= limit <= ListOptions::kMaxLimit.
Status CheckLimit(int limit);

// Compact JSON text of `doc`; INVALID_ARGUMENT when a string in it is not valid UTF-8.
StatusOr<std::string> DumpDocument(const nlohmann::json& doc);
// The JSON of a stored document; INTERNAL when the stored text is not JSON.
StatusOr<nlohmann::json> ParseDocument(std::string_view text);

// The JSON of the stored doc of record `id` in `table`: a sealed doc is opened with `keys` first
// (FAILED_PRECONDITION without them); a plain one (a table not sealed, a database not sealed yet)
// is read as it is.
StatusOr<nlohmann::json> OpenDocument(const crypto::Keyring* keys, std::string_view table,
                                      std::string_view id, std::string_view doc);

}  // namespace homeward::store::internal
