// /v1/api-keys: admin only. The key is returned once, at creation; only its hash is stored.
// GET /v1/me: any key, its own role, scope and label (what a client shows and which screens it
// offers), never the secret.
#include "resources/common.h"
#include "resources/resources.h"

namespace homeward::api {

using model::Role;

void RegisterApiKeys(Router& router, service::Homeward& service) {
  const Permission admin = Permission::Roles({Role::kAdmin});

  router.Add({"POST", "/v1/api-keys", admin, "", [&service](Call call, Reply reply) {
                StatusOr<nlohmann::json> body =
                    ParseBody(call.request, "api-key.create.schema.json");
                if (!body.ok()) return reply(Problem(body.status()));
                StatusOr<model::ApiKey> key = model::ParseModel<model::ApiKey>(*body);
                if (!key.ok()) return reply(Problem(key.status()));
                service.keys().CreateApiKey(
                    call.caller, std::move(*key), [reply](StatusOr<service::NewApiKey> created) {
                      if (!created.ok()) return reply(Problem(created.status()));
                      nlohmann::json out = created->record;
                      out["key"] = created->key;
                      reply(Created(out, "/v1/api-keys/" + created->record.meta.id));
                    });
              }});

  router.Add({"GET", "/v1/api-keys", admin, "", [&service](Call call, Reply reply) {
                StatusOr<store::ListOptions> options =
                    ListOptionsFrom(call.request, {"role", "employer_id"});
                if (!options.ok()) return reply(Problem(options.status()));
                auto page = service.keys().ListApiKeys(call.caller, std::move(*options));
                if (!page.ok()) return reply(Problem(page.status()));
                reply(
                    PageResponse(*page, [](const model::ApiKey& k) { return nlohmann::json(k); }));
              }});

  router.Add({"GET", "/v1/me",
              Permission::Roles({Role::kAdmin, Role::kOfficer, Role::kEmployer, Role::kAnalyst}),
              "", [&service](Call call, Reply reply) {
                StatusOr<model::ApiKey> key = service.keys().OwnApiKey(call.caller);
                if (!key.ok()) return reply(Problem(key.status()));
                const nlohmann::json record = *key;
                reply(JsonResponse(200, {{"key_id", record["id"]},
                                         {"role", record["role"]},
                                         {"provinces", record["provinces"]},
                                         {"employer_id", record["employer_id"]},
                                         {"label", record["label"]},
                                         {"created_at", record["created_at"]}}));
              }});

  router.Add({"DELETE", "/v1/api-keys/{id}", admin, "", [&service](Call call, Reply reply) {
                service.keys().RevokeApiKey(
                    call.caller, call.Param("id"), [reply](StatusOr<model::ApiKey> revoked) {
                      reply(revoked.ok() ? NoContent() : Problem(revoked.status()));
                    });
              }});
}

}  // namespace homeward::api
