// /v1/trainings: officers (in their provinces) and admins create and edit; both read all.
#include "resources/common.h"
#include "resources/resources.h"

namespace homeward::api {

using model::Role;

void RegisterTrainings(Router& router, service::Homeward& service) {
  const Permission officers = Permission::Roles({Role::kAdmin, Role::kOfficer});

  router.Add({"POST", "/v1/trainings", officers, "",
              CreateFrom("training.create.schema.json", "/v1/trainings", service.opportunities(),
                         &service::Opportunities::CreateTraining),
              /*idempotent=*/true});

  router.Add(
      {"GET", "/v1/trainings", officers, "",
       ListWith({"province"}, service.opportunities(), &service::Opportunities::ListTrainings)});

  router.Add(
      {"GET", "/v1/trainings/{id}", officers, "", [&service](Call call, Reply reply) {
         reply(ReadResponse(service.opportunities().GetTraining(call.caller, call.Param("id"))));
       }});

  router.Add({"PATCH", "/v1/trainings/{id}", officers, "",
              PatchWith("training.patch.schema.json", service.opportunities(),
                        &service::Opportunities::UpdateTraining)});
}

}  // namespace homeward::api
