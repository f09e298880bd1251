// /v1/employers: admins create; officers read all; an employer reads and edits its own record.
// Only an admin may set `verified` (the admin patch schema allows it, the other refuses it) and
// close a safety review; officers see the people a review concerns.
#include "resources/common.h"
#include "resources/resources.h"

namespace homeward::api {

using model::Role;

void RegisterEmployers(Router& router, service::Homeward& service) {
  const Permission readers = Permission::Roles({Role::kAdmin, Role::kOfficer, Role::kEmployer});
  const Permission editors = Permission::Roles({Role::kAdmin, Role::kEmployer});

  router.Add({"POST", "/v1/employers", Permission::Roles({Role::kAdmin}), "",
              CreateFrom("employer.create.schema.json", "/v1/employers", service.employers(),
                         &service::Employers::CreateEmployer),
              /*idempotent=*/true});

  router.Add({"GET", "/v1/employers", readers, "",
              ListWith({"province", "sector", "verified"}, service.employers(),
                       &service::Employers::ListEmployers)});

  router.Add({"GET", "/v1/employers/{id}", readers, "", [&service](Call call, Reply reply) {
                auto employer = service.employers().GetEmployer(call.caller, call.Param("id"));
                if (!employer.ok()) return reply(Problem(employer.status()));
                nlohmann::json body = *employer;
                if (employer->safety_review && call.caller.role != Role::kEmployer) {
                  auto affected =
                      service.employers().SafetyReviewAffected(call.caller, employer->meta.id);
                  if (!affected.ok()) return reply(Problem(affected.status()));
                  nlohmann::json& list = body["safety_review"]["affected"] =
                      nlohmann::json::array();
                  for (const model::Referral& r : *affected) {
                    list.push_back({{"referral_id", r.meta.id},
                                    {"individual_id", r.individual_id},
                                    {"status", model::ToString(r.status)}});
                  }
                }
                reply(JsonResponse(200, body));
              }});

  router.Add({"POST", "/v1/employers/{id}/safety-review", Permission::Roles({Role::kAdmin}), "",
              [&service](Call call, Reply reply) {
                auto body = ParseBody(call.request, "safety-review.create.schema.json");
                if (!body.ok()) return reply(Problem(body.status()));
                service.employers().CloseSafetyReview(
                    call.caller, call.Param("id"), body->at("decision").get<std::string>(),
                    body->at("note").get<std::string>(), ReplyRecord<model::Employer>(reply));
              }});

  router.Add({"PATCH", "/v1/employers/{id}", editors, "", [&service](Call call, Reply reply) {
                const char* schema = call.caller.is_admin() ? "employer.admin-patch.schema.json"
                                                            : "employer.patch.schema.json";
                auto patch = ParseBody(call.request, schema);
                if (!patch.ok()) return reply(Problem(patch.status()));
                service.employers().UpdateEmployer(call.caller, call.Param("id"),
                                                   MergePatch<model::Employer>(std::move(*patch)),
                                                   ReplyRecord<model::Employer>(reply));
              }});
}

}  // namespace homeward::api
