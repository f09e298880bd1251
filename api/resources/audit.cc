// GET /v1/audit: admins read who did what to which record, when (never the payload).
// GET /v1/audit/verify: admins walk the audit chain and learn its first broken link.
#include "resources/common.h"
#include "resources/resources.h"

namespace homeward::api {
namespace {

nlohmann::json ChainCheckJson(const store::AuditChainCheck& check) {
  nlohmann::json body = {
      {"ok", !check.first_break}, {"rows", check.rows}, {"anchors", check.anchors}};
  if (check.tip) {
    body["tip"] = {{"seq", check.tip->seq},
                   {"hash", check.tip->hash},
                   {"anchor", store::ToString(*check.tip)}};
  }
  if (check.first_break) {
    body["first_break"] = {{"seq", check.first_break->seq},
                           {"id", check.first_break->id},
                           {"reason", check.first_break->reason}};
  }
  return body;
}

}  // namespace

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
  router.Add({"GET", "/v1/audit/verify", Permission::Roles({model::Role::kAdmin}), "",
              [&service](Call call, Reply reply) {
                auto anchors = store::ParseAuditLinks(call.request.Query("anchors").value_or(""));
                if (!anchors.ok()) return reply(Problem(anchors.status()));
                service.VerifyAudit(call.caller, std::move(*anchors), [reply](auto check) {
                  if (!check.ok()) return reply(Problem(check.status()));
                  reply(JsonResponse(200, ChainCheckJson(*check)));
                });
              }});
}

}  // namespace homeward::api
