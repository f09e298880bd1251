// API keys: who may call, and the keys admins create and revoke.
#pragma once

#include <string>
#include <string_view>

#include "homeward/model/access.h"
#include "homeward/service/caller.h"
#include "homeward/store/repository.h"

namespace homeward::service {

// A freshly created API key: the stored record and the key itself, shown once.
struct NewApiKey {
  model::ApiKey record;
  std::string key;
};

class Keys {
 public:
  explicit Keys(internal::Context& context) : context_(&context) {}

  // The caller holding `key`; UNAUTHENTICATED for an unknown or revoked key.
  StatusOr<Caller> Authenticate(std::string_view key) const;

  // API keys (admin only).
  void CreateApiKey(const Caller& caller, model::ApiKey key, Done<NewApiKey> done);
  StatusOr<store::Page<model::ApiKey>> ListApiKeys(const Caller& caller,
                                                   store::ListOptions options) const;

  // Revokes the key at once; NOT_FOUND when there is no such key.
  void RevokeApiKey(const Caller& caller, std::string id, Done<model::ApiKey> done);

  // The record of the caller's own key (any role): what GET /v1/me shows; never the secret,
  // which is not stored.
  StatusOr<model::ApiKey> OwnApiKey(const Caller& caller) const;

 private:
  internal::Context* context_;
};

}  // namespace homeward::service
