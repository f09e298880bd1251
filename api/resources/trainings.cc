// /v1/trainings: officers (in their provinces) and admins create and edit; both read all.
#include "resources/common.h"
#include "resources/resources.h"

namespace homeward::api {

using model::Role;

void RegisterTrainings(Router& router, service::Homeward& service) {
  const Permission officers = Permission::Roles({Role::kAdmin, Role::kOfficer});

  router.Add({"POST", "/v1/trainings", officers, "",
              [&service](Call call, Reply reply) {
                auto body = ParseBody(call.request, "training.create.schema.json");
                if (!body.ok()) return reply(Problem(body.status()));
                auto training = model::ParseModel<model::Training>(*body);
                if (!training.ok()) return reply(Problem(training.status()));
                service.CreateTraining(call.caller, std::move(*training),
                                       ReplyRecord<model::Training>(reply, "/v1/trainings"));
              },
              /*idempotent=*/true});

  router.Add({"GET", "/v1/trainings", officers, "", [&service](Call call, Reply reply) {
                auto options = ListOptionsFrom(call.request, {"province"});
                if (!options.ok()) return reply(Problem(options.status()));
                auto page = service.ListTrainings(call.caller, std::move(*options));
                if (!page.ok()) return reply(Problem(page.status()));
                reply(PageResponse(*page, [](const auto& v) { return nlohmann::json(v); }));
              }});

  router.Add({"GET", "/v1/trainings/{id}", officers, "", [&service](Call call, Reply reply) {
                reply(ReadResponse(service.GetTraining(call.caller, call.Param("id"))));
              }});

  router.Add({"PATCH", "/v1/trainings/{id}", officers, "", [&service](Call call, Reply reply) {
                auto patch = ParseBody(call.request, "training.patch.schema.json");
                if (!patch.ok()) return reply(Problem(patch.status()));
                service.UpdateTraining(call.caller, call.Param("id"),
                                       MergePatch<model::Training>(std::move(*patch)),
                                       ReplyRecord<model::Training>(reply));
              }});
}

}  // namespace homeward::api
