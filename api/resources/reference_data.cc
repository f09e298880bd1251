// Reference data an admin replaces and every role reads: /v1/exchange-rates (docs/money.md) and
// /v1/destination-costs (docs/offer-comparison.md).
#include "resources/common.h"
#include "resources/resources.h"

namespace homeward::api {
namespace {

using model::Role;

// The cost data as given, with its version, author and time.
nlohmann::json CostsBody(const offer::CostDataVersion& costs) {
  nlohmann::json body = costs.document;
  body["version"] = costs.version;
  body["created_by"] = costs.created_by;
  body["created_at"] = costs.created_at;
  return body;
}

}  // namespace

void RegisterReferenceData(Router& router, service::Homeward& service) {
  const Permission everyone =
      Permission::Roles({Role::kAdmin, Role::kOfficer, Role::kEmployer, Role::kAnalyst});
  const Permission admins = Permission::Roles({Role::kAdmin});

  router.Add({"GET", "/v1/exchange-rates", everyone, "", [&service](Call, Reply reply) {
                reply(JsonResponse(200, service.markets().ExchangeRatesInForce()));
              }});

  router.Add(
      {"PUT", "/v1/exchange-rates", admins, "", [&service](Call call, Reply reply) {
         auto body = ParseBody(call.request, "exchange-rates.replace.schema.json");
         if (!body.ok()) return reply(Problem(body.status()));
         StatusOr<model::ExchangeRates> rates = model::ParseModel<model::ExchangeRates>(*body);
         if (!rates.ok()) return reply(Problem(rates.status()));
         service.markets().ReplaceExchangeRates(
             call.caller, std::move(*rates),
             [reply](StatusOr<model::ExchangeRates> replaced) { reply(ReadResponse(replaced)); });
       }});

  router.Add({"GET", "/v1/destination-costs", everyone, "", [&service](Call, Reply reply) {
                reply(JsonResponse(200, CostsBody(*service.markets().DestinationCostsInForce())));
              }});

  router.Add({"PUT", "/v1/destination-costs", admins, "", [&service](Call call, Reply reply) {
                auto body = ParseBody(call.request, "destination-costs.replace.schema.json");
                if (!body.ok()) return reply(Problem(body.status()));
                service.markets().ReplaceDestinationCosts(
                    call.caller, std::move(*body),
                    [reply](StatusOr<offer::CostDataVersion> replaced) {
                      if (!replaced.ok()) return reply(Problem(replaced.status()));
                      reply(JsonResponse(200, CostsBody(*replaced)));
                    });
              }});
}

}  // namespace homeward::api
