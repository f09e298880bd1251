// /v1/programmes: officers (in their provinces) and admins create and edit; both read all
// (docs/api.md, "Programmes"). Scoped and audited as trainings are, and routed as they are
// (trainings.cc), with a "kind" filter besides.
#include "resources/common.h"
#include "resources/resources.h"

namespace homeward::api {

using model::Role;

void RegisterProgrammes(Router& router, service::Homeward& service) {
  const Permission officers = Permission::Roles({Role::kAdmin, Role::kOfficer});

  router.Add({"POST", "/v1/programmes", officers, "",
              CreateFrom("programme.create.schema.json", "/v1/programmes", service.opportunities(),
                         &service::Opportunities::CreateProgramme),
              /*idempotent=*/true});

  router.Add({"GET", "/v1/programmes", officers, "",
              ListWith({"province", "kind"}, service.opportunities(),
                       &service::Opportunities::ListProgrammes)});

  router.Add(
      {"GET", "/v1/programmes/{id}", officers, "", [&service](Call call, Reply reply) {
         reply(ReadResponse(service.opportunities().GetProgramme(call.caller, call.Param("id"))));
       }});

  router.Add({"PATCH", "/v1/programmes/{id}", officers, "",
              PatchWith("programme.patch.schema.json", service.opportunities(),
                        &service::Opportunities::UpdateProgramme)});
}

}  // namespace homeward::api
