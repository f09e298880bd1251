// API keys: authentication, and the keys admins create and revoke.
#include "homeward/service/keys.h"

#include <utility>

#include "context.h"
#include "homeward/base/id.h"
#include "homeward/crypto/digest.h"

namespace homeward::service {

StatusOr<Caller> Keys::Authenticate(std::string_view key) const {
  const std::string hash = crypto::Sha256Hex(key);
  if (std::optional<Caller> cached = context_->callers.Find(hash)) return std::move(*cached);
  const uint64_t read_at = context_->callers.generation();
  StatusOr<model::ApiKey> record =
      context_->db->Read([&](store::ReadTx& tx) { return tx.api_keys().GetBy("key_hash", hash); });
  if (!record.ok()) {
    if (record.status().code() == StatusCode::kNotFound) {
      return Status::Unauthenticated("unknown API key");
    }
    return record.status();
  }
  if (record->revoked_at) return Status::Unauthenticated("unknown API key");
  Caller caller{record->meta.id, record->role, record->provinces, record->employer_id, {}};
  context_->callers.Put(read_at, hash, caller);
  return caller;
}

void Keys::CreateApiKey(const Caller& caller, model::ApiKey key, Done<NewApiKey> done) {
  if (!caller.is_admin()) return done(Status::PermissionDenied("admins only"));
  key.meta = {};
  key.revoked_at.reset();
  // The secret is drawn on the writer thread: OpenSSL keeps a random generator per thread and
  // frees it when the thread ends, which the writer thread does at shutdown and the HTTP pool's
  // threads never do.
  context_->SubmitFor<NewApiKey>(
      [caller, key = std::move(key)](store::WriteTx& tx) mutable -> StatusOr<NewApiKey> {
        std::string secret = RandomSecret();
        key.key_hash = crypto::Sha256Hex(secret);
        HW_ASSIGN_OR_RETURN(model::ApiKey stored, tx.api_keys().Create(key));
        HW_RETURN_IF_ERROR(Context::AuditInTx(tx, caller, "api_key.create", stored.meta.id));
        return NewApiKey{std::move(stored), std::move(secret)};
      },
      std::move(done));
}

StatusOr<store::Page<model::ApiKey>> Keys::ListApiKeys(const Caller& caller,
                                                       store::ListOptions options) const {
  if (!caller.is_admin()) return Status::PermissionDenied("admins only");
  return context_->db->Read([&](store::ReadTx& tx) { return tx.api_keys().List(options); });
}

StatusOr<model::ApiKey> Keys::OwnApiKey(const Caller& caller) const {
  return context_->db->Read([&](store::ReadTx& tx) { return tx.api_keys().Get(caller.key_id); });
}

void Keys::RevokeApiKey(const Caller& caller, std::string id, Done<model::ApiKey> done) {
  if (!caller.is_admin()) return done(Status::PermissionDenied("admins only"));
  context_->SubmitFor<model::ApiKey>(
      [caller, id, clock = context_->clock](store::WriteTx& tx) -> StatusOr<model::ApiKey> {
        HW_ASSIGN_OR_RETURN(model::ApiKey key, tx.api_keys().Get(id));
        if (!key.revoked_at) key.revoked_at = clock->NowRfc3339();
        HW_ASSIGN_OR_RETURN(model::ApiKey stored, tx.api_keys().Update(std::move(key)));
        HW_RETURN_IF_ERROR(Context::AuditInTx(tx, caller, "api_key.revoke", id));
        return stored;
      },
      std::move(done));
}

}  // namespace homeward::service
