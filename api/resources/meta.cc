// GET /v1/health, GET /v1/openapi.json: public, no API key.
#include <memory>

#include "homeward/json/json.h"
#include "homeward/json/openapi.h"
#include "resources/common.h"
#include "resources/resources.h"

namespace homeward::api {

void RegisterMeta(Router& router, const ServerInfo& info) {
  const Response health = JsonResponse(200, {{"status", "ok"}, {"version", info.version}});
  router.Add({"GET", "/v1/health", Permission::Public(), "",
              [health](Call, Reply reply) { reply(health); }});

  // Built once: the document depends only on the compiled-in schemas.
  StatusOr<nlohmann::json> openapi = json::BuildOpenApi(json::SchemaSet::Builtin());
  const Response document = openapi.ok() ? JsonResponse(200, *openapi) : Problem(openapi.status());
  router.Add({"GET", "/v1/openapi.json", Permission::Public(), "",
              [document](Call, Reply reply) { reply(document); }});
}

}  // namespace homeward::api
