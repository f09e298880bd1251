// GET /v1/individuals/{id}/matches?kind=job|training|all&limit=10: officers (in the person's
// province) and admins; explained, best first. Reading a person's matches is audited.
#include <cstdlib>

#include "resources/common.h"
#include "resources/resources.h"

namespace homeward::api {

using model::Role;

void RegisterMatches(Router& router, service::Homeward& service) {
  router.Add({"GET", "/v1/individuals/{id}/matches",
              Permission::Roles({Role::kAdmin, Role::kOfficer}), "individual.matches",
              [&service](Call call, Reply reply) {
                matching::Kind kind = matching::Kind::kAll;
                const std::string kind_name = call.request.Query("kind").value_or("all");
                if (kind_name == "job") {
                  kind = matching::Kind::kJob;
                } else if (kind_name == "training") {
                  kind = matching::Kind::kTraining;
                } else if (kind_name != "all") {
                  return reply(Problem(Status::InvalidArgument(
                      "kind must be job, training or all", {{"kind", "job, training or all"}})));
                }
                int limit = 10;
                if (auto text = call.request.Query("limit")) {
                  limit = std::atoi(text->c_str());
                  if (limit < 1 || limit > 100) {
                    return reply(Problem(Status::InvalidArgument("limit must be from 1 to 100",
                                                                 {{"limit", "from 1 to 100"}})));
                  }
                }
                auto items = service.Matches(call.caller, call.Param("id"), kind, limit);
                if (!items.ok()) return reply(Problem(items.status()));
                reply(JsonResponse(200, {{"items", std::move(*items)}}));
              }});
}

}  // namespace homeward::api
