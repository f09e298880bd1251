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
              [&service](Call call, Reply reply) {
                auto body = ParseBody(call.request, "vacancy.create.schema.json");
                if (!body.ok()) return reply(Problem(body.status()));
                auto vacancy = model::ParseModel<model::Vacancy>(*body);
                if (!vacancy.ok()) return reply(Problem(vacancy.status()));
                service.CreateVacancy(call.caller, std::move(*vacancy),
                                      ReplyRecord<model::Vacancy>(reply, "/v1/vacancies"));
              },
              /*idempotent=*/true});

  router.Add({"GET", "/v1/vacancies", readers, "", [&service](Call call, Reply reply) {
                auto options = ListOptionsFrom(call.request,
                                               {"province", "status", "employer_id", "occupation"});
                if (!options.ok()) return reply(Problem(options.status()));
                auto page = service.ListVacancies(call.caller, std::move(*options));
                if (!page.ok()) return reply(Problem(page.status()));
                reply(PageResponse(*page, [](const auto& v) { return nlohmann::json(v); }));
              }});

  router.Add({"GET", "/v1/vacancies/{id}", readers, "", [&service](Call call, Reply reply) {
                reply(ReadResponse(service.GetVacancy(call.caller, call.Param("id"))));
              }});

  router.Add({"PATCH", "/v1/vacancies/{id}", editors, "", [&service](Call call, Reply reply) {
                auto patch = ParseBody(call.request, "vacancy.patch.schema.json");
                if (!patch.ok()) return reply(Problem(patch.status()));
                service.UpdateVacancy(call.caller, call.Param("id"),
                                      MergePatch<model::Vacancy>(std::move(*patch)),
                                      ReplyRecord<model::Vacancy>(reply));
              }});

  router.Add({"POST", "/v1/vacancies/{id}/review",
              Permission::Roles({Role::kAdmin, Role::kOfficer}), "",
              [&service](Call call, Reply reply) {
                auto body = ParseBody(call.request, "vacancy-review.create.schema.json");
                if (!body.ok()) return reply(Problem(body.status()));
                service.ReviewVacancy(call.caller, call.Param("id"), body->value("decision", ""),
                                      body->value("note", ""), ReplyRecord<model::Vacancy>(reply));
              }});
}

}  // namespace homeward::api
