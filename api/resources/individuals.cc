// /v1/individuals: officers (in their provinces) and admins. Every read and change of a
// person's record, allowed or denied, writes one audit row (in the service layer; the router
// writes the row of a caller whose role is refused).
#include "resources/common.h"
#include "resources/resources.h"
#include "views/views.h"

namespace homeward::api {

using model::Role;

void RegisterIndividuals(Router& router, service::Homeward& service,
                         std::shared_ptr<MatchBodies> bodies) {
  const Permission officers = Permission::Roles({Role::kAdmin, Role::kOfficer});

  router.Add({"POST", "/v1/individuals", officers, "individual.create",
              CreateFrom("individual.create.schema.json", "/v1/individuals", service.people(),
                         &service::People::CreateIndividual),
              /*idempotent=*/true});

  router.Add(
      {"GET", "/v1/individuals", officers, "individual.read", [&service](Call call, Reply reply) {
         auto options = ListOptionsFrom(call.request, {"province", "status"});
         if (!options.ok()) return reply(Problem(options.status()));
         auto page = service.people().ListIndividuals(call.caller, std::move(*options));
         if (!page.ok()) return reply(Problem(page.status()));
         reply(PageResponse(*page, views::Person));
       }});

  router.Add({"GET", "/v1/individuals/{id}", officers, "individual.read",
              [&service](Call call, Reply reply) {
                // ?break_glass=REASON: the full record to any officer of the province, audited.
                const std::string reason = call.request.Query("break_glass").value_or("");
                auto view = service.people().GetIndividual(call.caller, call.Param("id"), reason);
                if (!view.ok()) return reply(Problem(view.status()));
                reply(JsonResponse(200, views::Person(*view)));
              }});

  router.Add({"PATCH", "/v1/individuals/{id}", officers, "individual.update",
              [&service](Call call, Reply reply) {
                auto patch = ParseBody(call.request, "individual.patch.schema.json");
                if (!patch.ok()) return reply(Problem(patch.status()));
                service.people().UpdateIndividual(
                    call.caller, call.Param("id"), MergePatch<model::Individual>(std::move(*patch)),
                    [reply, caller = call.caller](StatusOr<model::Individual> stored) {
                      if (!stored.ok()) return reply(Problem(stored.status()));
                      reply(JsonResponse(200, views::Person(service::ViewFor(caller, *stored))));
                    });
              }});

  router.Add({"DELETE", "/v1/individuals/{id}", officers, "individual.erase",
              [&service, bodies](Call call, Reply reply) {
                auto erased = [reply, bodies](StatusOr<std::string> id) {
                  if (!id.ok()) return reply(Problem(id.status()));
                  bodies->ErasePerson(*id);  // their match lists go with them
                  reply(NoContent());
                };
                service.people().EraseIndividual(call.caller, call.Param("id"), erased);
              }});
}

}  // namespace homeward::api
