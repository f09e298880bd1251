// The `doc` codec: what a resource record is stored as in its table's `doc` column, and how it is
// read back (docs/formats/sqlite-schema.md, "The doc codec"). The record's JSON as model/json.h
// writes it (compact UTF-8, keys in order), without `id`, `created_at` and `updated_at`, which
// have their own columns; an API key's also holds `key_hash`; sealed for its row when the
// resource is personal data and the store has keys. The format is a contract of its own, apart
// from the API's bodies though written by the same model/json.h today: doc_contract_test pins
// every resource's encoding byte for byte, so a renamed or added field fails a test before it
// changes what databases hold.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>

#include "homeward/base/status.h"
#include "homeward/crypto/keyring.h"
#include "homeward/crypto/seal.h"
#include "homeward/model/json.h"
#include "internal/query.h"
#include "internal/resources.h"

namespace homeward::store::internal {

template <typename T>
StatusOr<std::string> EncodeDocument(const T& record, const crypto::Keyring* keys) {
  model::Json doc = record;
  if constexpr (std::is_same_v<T, model::ApiKey>) doc["key_hash"] = record.key_hash;
  doc.erase("id");
  doc.erase("created_at");
  doc.erase("updated_at");
  HW_ASSIGN_OR_RETURN(std::string text, DumpDocument(doc));
  if (!Resource<T>::kSealed || keys == nullptr) return text;
  return crypto::Seal(*keys, Resource<T>::kTable, record.meta.id, text);
}

// A record from its row's columns. A sealed doc is opened first (a plain one is read as it is:
// tables not sealed, and rows of a database not sealed yet).
template <typename T>
StatusOr<T> DecodeDocument(const crypto::Keyring* keys, std::string_view id,
                           std::string_view created_at, std::string_view updated_at,
                           std::string_view doc) {
  HW_ASSIGN_OR_RETURN(model::Json json, OpenDocument(keys, Resource<T>::kTable, id, doc));
  StatusOr<T> record = model::ParseModel<T>(json);
  if (!record.ok()) return Status::Internal("a stored record does not fit the model");
  record->meta.id = std::string(id);
  record->meta.created_at = std::string(created_at);
  record->meta.updated_at = std::string(updated_at);
  return record;
}

}  // namespace homeward::store::internal
