// GET /v1/audit: admins read who did what to which record, when (never the payload).
#include "resources/common.h"
#include "resources/resources.h"

namespace homeward::api {

void RegisterAudit(Router& router, service::Homeward& service) {
  router.Add({"GET", "/v1/audit", Permission::Roles({model::Role::kAdmin}), "",
              [&service](Call call, Reply reply) {
                auto options = ListOptionsFrom(call.request, {"subject", "actor", "action"});
                if (!options.ok()) return reply(Problem(options.status()));
                service.ListAudit(call.caller, std::move(*options), [reply](auto page) {
                  if (!page.ok()) return reply(Problem(page.status()));
                  reply(PageResponse(*page, [](const auto& v) { return nlohmann::json(v); }));
                });
              }});
}

}  // namespace homeward::api
