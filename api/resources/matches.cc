// GET /v1/individuals/{id}/matches?kind=job|training|programme|all&limit=10 and
// GET /v1/vacancies/{id}/candidates?limit=10: officers (people of their provinces) and admins;
// explained, best first. Every person read this way is audited.
#include "language.h"
#include "resources/common.h"
#include "resources/resources.h"
#include "views/views.h"

namespace homeward::api {

using model::Role;

namespace {

// The `limit` query parameter of a match list: 1..100, default 10.
StatusOr<int> MatchLimit(const Request& request) {
  return LimitFrom(request, 10, 100);
}

}  // namespace

void RegisterMatches(Router& router, service::Homeward& service,
                     std::shared_ptr<MatchBodies> bodies) {
  router.Add({"GET", "/v1/vacancies/{id}/candidates",
              Permission::Roles({Role::kAdmin, Role::kOfficer}), "",
              [&service](Call call, Reply reply) {
                StatusOr<int> limit = MatchLimit(call.request);
                if (!limit.ok()) return reply(Problem(limit.status()));
                auto items = service.matching().Candidates(call.caller, call.Param("id"), *limit);
                if (!items.ok()) return reply(Problem(items.status()));
                reply(JsonResponse(200, {{"items", views::Candidates(*items)}}));
              }});

  router.Add(
      {"GET", "/v1/individuals/{id}/matches", Permission::Roles({Role::kAdmin, Role::kOfficer}),
       "individual.matches", [&service, bodies](Call call, Reply reply) {
         matching::Kind kind = matching::Kind::kAll;
         const std::string kind_name = call.request.Query("kind").value_or("all");
         if (kind_name == "job") {
           kind = matching::Kind::kJob;
         } else if (kind_name == "training") {
           kind = matching::Kind::kTraining;
         } else if (kind_name == "programme") {
           kind = matching::Kind::kProgramme;
         } else if (kind_name != "all") {
           return reply(
               Problem(Status::InvalidArgument("kind must be job, training, programme or all",
                                               {{"kind", "job, training, programme or all"}})));
         }
         StatusOr<int> limit = MatchLimit(call.request);
         if (!limit.ok()) return reply(Problem(limit.status()));
         auto ticket = service.matching().OpenMatches(call.caller, call.Param("id"));
         if (!ticket.ok()) return reply(Problem(ticket.status()));
         const reference::Language language = LanguageOf(call.request);
         std::string key = ticket->person_id() + "|" + kind_name + "|" + std::to_string(*limit) +
                           "|" + std::string(reference::LanguageTag(language));
         Response response;
         response.shared_body = bodies->Find(key, ticket->stamp());
         if (!response.shared_body) {
           auto items = service.matching().Matches(*ticket, kind, *limit);
           if (!items.ok()) return reply(Problem(items.status()));
           response.shared_body =
               std::make_shared<const std::string>(views::Matches(*items, language));
           bodies->Put(std::move(key), ticket->stamp(), response.shared_body);
         }
         reply(std::move(response));
       }});
}

}  // namespace homeward::api
