// /v1/programmes: officers (in their provinces) and admins create and edit; both read all
// (docs/api.md, "Programmes"). Scoped and audited as trainings are.
#include "resources/common.h"
#include "resources/resources.h"

namespace homeward::api {

using model::Role;

void RegisterProgrammes(Router& router, service::Homeward& service) {
  const Permission officers = Permission::Roles({Role::kAdmin, Role::kOfficer});

  router.Add({"POST", "/v1/programmes", officers, "",
              [&service](Call call, Reply reply) {
                auto body = ParseBody(call.request, "programme.create.schema.json");
                if (!body.ok()) return reply(Problem(body.status()));
                auto programme = model::ParseModel<model::Programme>(*body);
                if (!programme.ok()) return reply(Problem(programme.status()));
                service.CreateProgramme(call.caller, std::move(*programme),
                                        ReplyRecord<model::Programme>(reply, "/v1/programmes"));
              },
              /*idempotent=*/true});

  router.Add({"GET", "/v1/programmes", officers, "", [&service](Call call, Reply reply) {
                auto options = ListOptionsFrom(call.request, {"province", "kind"});
                if (!options.ok()) return reply(Problem(options.status()));
                auto page = service.ListProgrammes(call.caller, std::move(*options));
                if (!page.ok()) return reply(Problem(page.status()));
                reply(PageResponse(*page, [](const auto& v) { return nlohmann::json(v); }));
              }});

  router.Add({"GET", "/v1/programmes/{id}", officers, "", [&service](Call call, Reply reply) {
                reply(ReadResponse(service.GetProgramme(call.caller, call.Param("id"))));
              }});

  router.Add({"PATCH", "/v1/programmes/{id}", officers, "", [&service](Call call, Reply reply) {
                auto patch = ParseBody(call.request, "programme.patch.schema.json");
                if (!patch.ok()) return reply(Problem(patch.status()));
                service.UpdateProgramme(call.caller, call.Param("id"),
                                        MergePatch<model::Programme>(std::move(*patch)),
                                        ReplyRecord<model::Programme>(reply));
              }});
}

}  // namespace homeward::api
