// /v1/vacancies: employers post and edit their own; officers and admins read all. A written
// vacancy is held for review until screening clears it (the service layer decides).
#include "resources/common.h"
#include "resources/resources.h"

namespace homeward::api {

using model::Role;

void RegisterVacancies(Router& router, service::Homeward& service) {
  const Permission readers = Permission::Roles({Role::kAdmin, Role::kOfficer, Role::kEmployer});
  const Permission editors = Permission::Roles({Role::kAdmin, Role::kEmployer});

  router.Add({"POST", "/v1/vacancies", editors, "",
              CreateFrom("vacancy.create.schema.json", "/v1/vacancies", service.employers(),
                         &service::Employers::CreateVacancy),
              /*idempotent=*/true});

  router.Add({"GET", "/v1/vacancies", readers, "",
              ListWith({"province", "status", "employer_id", "occupation"}, service.employers(),
                       &service::Employers::ListVacancies)});

  router.Add({"GET", "/v1/vacancies/{id}", readers, "", [&service](Call call, Reply reply) {
                reply(ReadResponse(service.employers().GetVacancy(call.caller, call.Param("id"))));
              }});

  router.Add({"PATCH", "/v1/vacancies/{id}", editors, "",
              PatchWith("vacancy.patch.schema.json", service.employers(),
                        &service::Employers::UpdateVacancy)});

  router.Add(
      {"POST", "/v1/vacancies/{id}/review", Permission::Roles({Role::kAdmin, Role::kOfficer}), "",
       [&service](Call call, Reply reply) {
         auto body = ParseBody(call.request, "vacancy-review.create.schema.json");
         if (!body.ok()) return reply(Problem(body.status()));
         service.employers().ReviewVacancy(call.caller, call.Param("id"),
                                           body->value("decision", ""), body->value("note", ""),
                                           ReplyRecord<model::Vacancy>(reply));
       }});
}

}  // namespace homeward::api
