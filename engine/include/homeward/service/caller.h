// What every call of the service takes and gives: the Caller (who is calling, as established
// from an API key), the completion of an asynchronous write and the edit of a stored record.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "homeward/base/status.h"
#include "homeward/model/access.h"

namespace homeward::service {

namespace internal {
class Context;  // what the areas of the service share (engine/src/service/context.h)
}  // namespace internal

// The Idempotency-Key of a POST that creates a record. The record and the key's row (status,
// Location and id, never the body) commit in one transaction: of two requests racing with one
// key, the second is rolled back and replays the first.
struct IdempotentRequest {
  std::string key;
  std::string request_hash;  // of the method, path and body
  // What a retry is answered with, kept in the row as the API gives it: its status, and the
  // created record's location, collection + "/" + id.
  int status = 0;
  std::string collection;
};

// Who is calling, as established from an API key.
struct Caller {
  std::string key_id;  // the API key's id; "system" for the server itself
  model::Role role = model::Role::kOfficer;
  std::vector<std::string> provinces;      // officer and analyst scope
  std::optional<std::string> employer_id;  // employer scope
  // Set while serving a creating POST sent with an Idempotency-Key.
  std::optional<IdempotentRequest> idempotency;

  bool is_admin() const { return role == model::Role::kAdmin; }
};

// Completion of an asynchronous write, called once on the store's writer thread.
template <typename T>
using Done = std::function<void(StatusOr<T>)>;

// Changes a stored record inside its write transaction (e.g. applies a JSON merge patch).
template <typename T>
using Edit = std::function<StatusOr<T>(T current)>;

}  // namespace homeward::service
