#include "homeward/base/time.h"
#include "homeward/store/repository.h"
#include "internal/connection.h"

namespace homeward::store {
namespace {

// How long a stored response is replayed when the caller gave no expiry.
constexpr int64_t kDefaultLifetimeSeconds = 24 * 60 * 60;

}  // namespace

StatusOr<std::optional<StoredResponse>> IdempotencyStore::Find(std::string_view actor,
                                                               std::string_view key,
                                                               std::string_view now) const {
  HW_ASSIGN_OR_RETURN(internal::Statement select,
                      connection_->Prepare("SELECT request_hash, status, location, resource_id, "
                                           "created_at, expires_at FROM idempotency "
                                           "WHERE actor = ? AND key = ? AND expires_at > ?"));
  select.Bind(1, actor).Bind(2, key).Bind(3, now);
  HW_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return std::optional<StoredResponse>();
  return std::optional<StoredResponse>(StoredResponse{
      std::string(key), std::string(actor), std::string(select.Text(0)),
      static_cast<int>(select.Int(1)), std::string(select.Text(2)), std::string(select.Text(3)),
      std::string(select.Text(4)), std::string(select.Text(5))});
}

Status WriteIdempotencyStore::Put(StoredResponse response) const {
  if (response.created_at.empty()) response.created_at = connection_->clock().NowRfc3339();
  if (response.expires_at.empty()) {
    std::optional<int64_t> created = ParseRfc3339(response.created_at);
    if (!created) return Status::InvalidArgument("malformed creation time");
    response.expires_at = FormatRfc3339(*created + kDefaultLifetimeSeconds);
  }
  // Every expired entry goes (by the expiry index), so the table never keeps a row past its day
  // and an expired entry for the same key gives way; an unexpired one is a conflict.
  HW_RETURN_IF_ERROR(Purge(response.created_at).status());

  HW_ASSIGN_OR_RETURN(internal::Statement insert,
                      connection_->Prepare("INSERT INTO idempotency (actor, key, request_hash, "
                                           "status, location, resource_id, created_at, expires_at) "
                                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  insert.Bind(1, response.actor).Bind(2, response.key).Bind(3, response.request_hash);
  insert.Bind(4, int64_t{response.status}).Bind(5, response.location);
  insert.Bind(6, response.resource_id).Bind(7, response.created_at).Bind(8, response.expires_at);
  return insert.Run();
}

StatusOr<int64_t> WriteIdempotencyStore::Purge(std::string_view now) const {
  HW_ASSIGN_OR_RETURN(internal::Statement purge,
                      connection_->Prepare("DELETE FROM idempotency WHERE expires_at <= ?"));
  HW_RETURN_IF_ERROR(purge.Bind(1, now).Run());
  return connection_->Changes();
}

}  // namespace homeward::store
