// /v1/individuals/{id}/offer-comparisons: an offer the person received set beside their best
// local jobs (docs/offer-comparison.md). Officers of the person's province and admins; every
// call writes an audit row (the service's, or the router's for a refused role).
#include "resources/common.h"
#include "resources/resources.h"

namespace homeward::api {

using model::Role;

void RegisterOfferComparisons(Router& router, service::Homeward& service) {
  const Permission officers = Permission::Roles({Role::kAdmin, Role::kOfficer});

  router.Add(
      {"POST", "/v1/individuals/{id}/offer-comparisons", officers,
       "individual.offer_comparison.create",
       [&service](Call call, Reply reply) {
         auto body = ParseBody(call.request, "offer-comparison.create.schema.json");
         if (!body.ok()) return reply(Problem(body.status()));
         auto offer = model::ParseModel<offer::Offer>(*body);
         if (!offer.ok()) return reply(Problem(offer.status()));
         const std::string collection =
             "/v1/individuals/" + call.Param("id") + "/offer-comparisons";
         service.people().CreateOfferComparison(
             call.caller, call.Param("id"), std::move(*offer),
             [reply, collection](StatusOr<offer::Comparison> comparison) {
               if (!comparison.ok()) return reply(Problem(comparison.status()));
               reply(Created(nlohmann::json(*comparison), collection + "/" + comparison->meta.id));
             });
       },
       /*idempotent=*/true});

  router.Add({"GET", "/v1/individuals/{id}/offer-comparisons", officers,
              "individual.offer_comparison.read", [&service](Call call, Reply reply) {
                auto options = ListOptionsFrom(call.request, {});
                if (!options.ok()) return reply(Problem(options.status()));
                auto page = service.people().ListOfferComparisons(call.caller, call.Param("id"),
                                                                  std::move(*options));
                if (!page.ok()) return reply(Problem(page.status()));
                reply(PageResponse(*page, [](const auto& v) { return nlohmann::json(v); }));
              }});

  router.Add({"GET", "/v1/individuals/{id}/offer-comparisons/{comparison_id}", officers,
              "individual.offer_comparison.read", [&service](Call call, Reply reply) {
                reply(ReadResponse(service.people().GetOfferComparison(
                    call.caller, call.Param("id"), call.Param("comparison_id"))));
              }});
}

}  // namespace homeward::api
